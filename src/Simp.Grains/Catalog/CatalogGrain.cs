using Orleans.Concurrency;
using Simp.Grains.Storage;

namespace Simp.Grains.Catalog;

/// <inheritdoc cref="ICatalogGrain"/>
/// <remarks>
/// Every upload and delete in the site passes through this one grain, so its calls interleave: each
/// changes the totals at once, in a turn of its own, and waits for a write begun after its change,
/// which the calls made meanwhile share. The count of private images is not the catalogue's to
/// write: it moves with each image's privacy in the images table's transaction, and the catalogue
/// reads it again after being told it moved.
/// </remarks>
[Reentrant]
public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Default)] IPersistentState<CatalogState> catalog,
    IImageIndex index) : Grain, ICatalogGrain
{
    /// <summary>The key of the one catalogue.</summary>
    public const long SingletonKey = 0;

    // A copy of the count of private images older than this is read again, in case the news of a
    // change never arrived.
    private static readonly TimeSpan PrivateImagesLifetime = TimeSpan.FromSeconds(10);

    private GroupCommit commits = null!;

    // The count of private images, read or being read; null once a change has made it stale.
    private Task<long>? privateImages;
    private long privateImagesReadAt;

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
            privateImages = null;
        }

        return commits.CommitAsync();
    }

    Task ICatalogGrain.PrivateImagesChangedAsync()
    {
        privateImages = null;
        return Task.CompletedTask;
    }

    async Task<CatalogTotals> ICatalogGrain.GetTotalsAsync()
    {
        var state = catalog.State;
        return new CatalogTotals(state.Images, await CountPrivateImagesAsync(), state.StoredBytes);
    }

    // Calls that arrive while the count is read share the read; a failed read is not kept.
    private async Task<long> CountPrivateImagesAsync()
    {
        if (privateImages is null || Environment.TickCount64 - privateImagesReadAt > PrivateImagesLifetime.TotalMilliseconds)
        {
            privateImages = index.CountPrivateAsync();
            privateImagesReadAt = Environment.TickCount64;
        }

        var count = privateImages;
        try
        {
            return await count;
        }
        catch
        {
            if (privateImages == count)
            {
                privateImages = null;
            }

            throw;
        }
    }

    // A change whose write fails stays in the totals and is stored with the next write: the callers
    // have already made their own changes durable (an image its state and row), and do not send them again.
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
