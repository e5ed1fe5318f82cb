using Orleans.Concurrency;
using Simp.Grains.Storage;

namespace Simp.Grains.Views;

/// <inheritdoc cref="IRecentViewsGrain"/>
/// <remarks>Reads the tail of the view log by its primary key, which costs the same at any size.</remarks>
[StatelessWorker]
public sealed class RecentViewsGrain(IViewLog viewLog) : Grain, IRecentViewsGrain
{
    /// <summary>The key callers use; any key reads the same log.</summary>
    public const long SingletonKey = 0;

    /// <summary>The most views one request returns.</summary>
    public const int Capacity = 100;

    Task<IReadOnlyList<LoggedView>> IRecentViewsGrain.GetAsync(int count) => viewLog.ReadRecentAsync(Math.Clamp(count, 1, Capacity));
}
