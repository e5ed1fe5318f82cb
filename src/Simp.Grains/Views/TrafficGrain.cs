using Orleans.Concurrency;
using Simp.Grains.Storage;

namespace Simp.Grains.Views;

/// <inheritdoc cref="ITrafficGrain"/>
/// <remarks>A stateless worker: every silo answers from the shared sums, so no single grain is a bottleneck.</remarks>
[StatelessWorker]
public sealed class TrafficGrain(IViewLog viewLog) : Grain, ITrafficGrain
{
    /// <summary>The key callers use; any key reads the same sums.</summary>
    public const long SingletonKey = 0;

    Task<IReadOnlyList<DailyViews>> ITrafficGrain.GetDailyAsync(DateOnly first, DateOnly last) => viewLog.ReadDailyAsync(first, last);

    Task<IReadOnlyList<CountryViews>> ITrafficGrain.GetCountriesAsync() => viewLog.ReadCountriesAsync();

    Task<long> ITrafficGrain.GetTotalViewsAsync() => viewLog.ReadTotalAsync();
}
