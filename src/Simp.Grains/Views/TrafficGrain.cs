using Simp.Grains.Storage;

namespace Simp.Grains.Views;

/// <inheritdoc cref="ITrafficGrain"/>
public sealed class TrafficGrain(
    [PersistentState("traffic", StorageNames.Default)] IPersistentState<TrafficState> traffic) : Grain, ITrafficGrain
{
    /// <summary>The key of the one traffic aggregator.</summary>
    public const long SingletonKey = 0;

    async Task ITrafficGrain.RecordAsync(Guid batchId, TrafficDelta delta)
    {
        var state = traffic.State;
        if (state.AppliedBatches.Contains(batchId))
        {
            return;
        }

        foreach (var (day, views) in delta.Days)
        {
            state.Days[day] = state.Days.GetValueOrDefault(day) + views;
            state.TotalViews += views;
        }

        foreach (var tally in delta.Countries)
        {
            var code = tally.Country.Code;
            var before = state.Countries.GetValueOrDefault(code)?.Views ?? 0;
            state.Countries[code] = new CountryViews(tally.Country, before + tally.Views);
        }

        state.AppliedBatches.Add(batchId);
        await traffic.WriteStateAsync();
    }

    Task<IReadOnlyList<DailyViews>> ITrafficGrain.GetDailyAsync(DateOnly first, DateOnly last)
    {
        var days = new List<DailyViews>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            days.Add(new DailyViews(day, traffic.State.Days.GetValueOrDefault(day)));
        }

        return Task.FromResult<IReadOnlyList<DailyViews>>(days);
    }

    Task<IReadOnlyList<CountryViews>> ITrafficGrain.GetCountriesAsync()
    {
        IReadOnlyList<CountryViews> countries = traffic.State.Countries.Values
            .OrderByDescending(tally => tally.Views)
            .ThenBy(tally => tally.Country.Name, StringComparer.Ordinal)
            .ToList();

        return Task.FromResult(countries);
    }

    Task<long> ITrafficGrain.GetTotalViewsAsync() => Task.FromResult(traffic.State.TotalViews);
}
