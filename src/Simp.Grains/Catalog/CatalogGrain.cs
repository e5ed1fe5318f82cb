using Orleans.Concurrency;
using Simp.Grains.Storage;

namespace Simp.Grains.Catalog;

/// <inheritdoc cref="ICatalogGrain"/>
/// <remarks>
/// Every upload, delete and change of privacy in the site passes through this one grain, so its
/// calls interleave: each changes the totals at once, in a turn of its own, and waits for a write
/// begun after its change, which the calls made meanwhile share.
/// </remarks>
[Reentrant]
public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Default)] IPersistentState<CatalogState> catalog) : Grain, ICatalogGrain
{
    /// <summary>The key of the one catalogue.</summary>
    public const long SingletonKey = 0;

    private GroupCommit commits = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        commits = new GroupCommit(PersistAsync);
        return Task.CompletedTask;
    }

    async Task<UploadReservation> ICatalogGrain.ReserveUploadAsync(long size, long? storageLimitBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);

        if (storageLimitBytes is { } limit && catalog.State.StoredBytes + size > limit)
        {
            return UploadReservation.StorageFull;
        }

        var id = ++catalog.State.LastImageId;
        catalog.State.StoredBytes += size;
        await commits.CommitAsync();

        return new UploadReservation(id, Accepted: true);
    }

    Task ICatalogGrain.ReleaseUploadAsync(long size)
    {
        catalog.State.StoredBytes = Math.Max(0, catalog.State.StoredBytes - size);
        return commits.CommitAsync();
    }

    Task ICatalogGrain.ImageAddedAsync()
    {
        catalog.State.Images++;
        return commits.CommitAsync();
    }

    Task ICatalogGrain.ImageRemovedAsync(long size, bool wasPrivate)
    {
        catalog.State.Images = Math.Max(0, catalog.State.Images - 1);
        catalog.State.StoredBytes = Math.Max(0, catalog.State.StoredBytes - size);
        if (wasPrivate)
        {
            catalog.State.PrivateImages = Math.Max(0, catalog.State.PrivateImages - 1);
        }

        return commits.CommitAsync();
    }

    Task ICatalogGrain.PrivacyChangedAsync(bool isPrivate)
    {
        catalog.State.PrivateImages = Math.Max(0, catalog.State.PrivateImages + (isPrivate ? 1 : -1));
        return commits.CommitAsync();
    }

    Task<CatalogTotals> ICatalogGrain.GetTotalsAsync()
    {
        var state = catalog.State;
        return Task.FromResult(new CatalogTotals(state.Images, state.PrivateImages, state.StoredBytes));
    }

    // A change whose write fails stays in the totals and is stored with the next write: the callers
    // have already made their own changes durable (an image its privacy), and do not send them again.
    // Only when storage no longer agrees on the version does the catalogue start over from it.
    private async Task PersistAsync()
    {
        try
        {
            await catalog.WriteStateAsync();
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
