using Simp.Grains.Storage;

namespace Simp.Grains.Views;

/// <inheritdoc cref="IRecentViewsGrain"/>
public sealed class RecentViewsGrain(
    [PersistentState("recent", StorageNames.Default)] IPersistentState<RecentViewsState> recent)
    : Grain, IRecentViewsGrain
{
    /// <summary>The key of the one recent-views grain.</summary>
    public const long SingletonKey = 0;

    /// <summary>How many views are kept.</summary>
    public const int Capacity = 100;

    async Task IRecentViewsGrain.AddAsync(Guid batchId, IReadOnlyList<LoggedView> views)
    {
        var state = recent.State;
        if (state.AppliedBatches.Contains(batchId))
        {
            return;
        }

        state.Views.AddRange(views.Count > Capacity ? views.Skip(views.Count - Capacity) : views);
        if (state.Views.Count > Capacity)
        {
            state.Views.RemoveRange(0, state.Views.Count - Capacity);
        }

        state.AppliedBatches.Add(batchId);
        await recent.WriteStateAsync();
    }

    Task<IReadOnlyList<LoggedView>> IRecentViewsGrain.GetAsync(int count)
    {
        IReadOnlyList<LoggedView> newest = recent.State.Views
            .OrderByDescending(view => view.Id)
            .Take(Math.Clamp(count, 0, Capacity))
            .ToList();

        return Task.FromResult(newest);
    }

    async Task IRecentViewsGrain.ForgetImageAsync(long imageId)
    {
        var removed = recent.State.Views.RemoveAll(view => view.View.ImageId == imageId);
        if (removed == 0)
        {
            return;
        }

        await recent.WriteStateAsync();
    }
}
