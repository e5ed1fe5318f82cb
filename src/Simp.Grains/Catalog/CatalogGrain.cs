using Simp.Grains.Storage;

namespace Simp.Grains.Catalog;

/// <inheritdoc cref="ICatalogGrain"/>
public sealed class CatalogGrain(
    [PersistentState("catalog", StorageNames.Default)] IPersistentState<CatalogState> catalog) : Grain, ICatalogGrain
{
    /// <summary>The key of the one catalogue.</summary>
    public const long SingletonKey = 0;

    async Task<UploadReservation> ICatalogGrain.ReserveUploadAsync(long size, long? storageLimitBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);

        if (storageLimitBytes is { } limit && catalog.State.StoredBytes + size > limit)
        {
            return UploadReservation.StorageFull;
        }

        catalog.State.LastImageId++;
        catalog.State.StoredBytes += size;
        await catalog.WriteStateAsync();

        return new UploadReservation(catalog.State.LastImageId, Accepted: true);
    }

    async Task ICatalogGrain.ReleaseUploadAsync(long size)
    {
        catalog.State.StoredBytes = Math.Max(0, catalog.State.StoredBytes - size);
        await catalog.WriteStateAsync();
    }

    async Task ICatalogGrain.ImageAddedAsync()
    {
        catalog.State.Images++;
        await catalog.WriteStateAsync();
    }

    async Task ICatalogGrain.ImageRemovedAsync(long size, bool wasPrivate)
    {
        catalog.State.Images = Math.Max(0, catalog.State.Images - 1);
        catalog.State.StoredBytes = Math.Max(0, catalog.State.StoredBytes - size);
        if (wasPrivate)
        {
            catalog.State.PrivateImages = Math.Max(0, catalog.State.PrivateImages - 1);
        }

        await catalog.WriteStateAsync();
    }

    async Task ICatalogGrain.PrivacyChangedAsync(bool isPrivate)
    {
        catalog.State.PrivateImages = Math.Max(0, catalog.State.PrivateImages + (isPrivate ? 1 : -1));
        await catalog.WriteStateAsync();
    }

    Task<CatalogTotals> ICatalogGrain.GetTotalsAsync()
    {
        var state = catalog.State;
        return Task.FromResult(new CatalogTotals(state.Images, state.PrivateImages, state.StoredBytes));
    }
}
