namespace Simp.Grains.Views;

/// <summary>
/// The site's traffic, already summed: views per UTC day, per country, and in all. A stats
/// request reads these sums, so its cost does not grow with the number of views.
/// </summary>
public interface ITrafficGrain : IGrainWithIntegerKey
{
    /// <summary>Adds one batch's traffic, once per batch id.</summary>
    Task RecordAsync(Guid batchId, TrafficDelta delta);

    /// <summary>Views per day from <paramref name="first"/> to <paramref name="last"/>, oldest first, zero-filled.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<DailyViews>> GetDailyAsync(DateOnly first, DateOnly last);

    /// <summary>Views per country, most viewed first.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<CountryViews>> GetCountriesAsync();

    /// <summary>Every view ever counted.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<long> GetTotalViewsAsync();
}
