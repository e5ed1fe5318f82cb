namespace Simp.Grains.Views;

/// <summary>
/// The site's traffic, already summed: views per UTC day, per country, and in all. The sums are
/// kept with the view log, so a stats request reads a few rows whatever the number of views.
/// </summary>
public interface ITrafficGrain : IGrainWithIntegerKey
{
    /// <summary>Views per day from <paramref name="first"/> to <paramref name="last"/>, oldest first, zero-filled.</summary>
    Task<IReadOnlyList<DailyViews>> GetDailyAsync(DateOnly first, DateOnly last);

    /// <summary>Views per country, most viewed first.</summary>
    Task<IReadOnlyList<CountryViews>> GetCountriesAsync();

    /// <summary>Every view ever counted.</summary>
    Task<long> GetTotalViewsAsync();
}
