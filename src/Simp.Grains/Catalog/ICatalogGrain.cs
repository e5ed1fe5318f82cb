namespace Simp.Grains.Catalog;

/// <summary>
/// The site's image catalogue: hands out image ids and keeps the totals the dashboard and the
/// storage limit need. A singleton; it is called once per upload or delete, and told of each change
/// to the count of private images.
/// </summary>
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Reserves an id and <paramref name="size"/> bytes for an upload, unless that would pass
    /// <paramref name="storageLimitBytes"/> (null: no limit of the catalogue's own).
    /// </summary>
    Task<UploadReservation> ReserveUploadAsync(long size, long? storageLimitBytes);

    /// <summary>Returns the bytes of a reservation whose upload failed.</summary>
    Task ReleaseUploadAsync(long size);

    /// <summary>Counts an image whose upload completed.</summary>
    Task ImageAddedAsync();

    /// <summary>Uncounts a deleted image, whose row (and count, when private) the images table has already removed.</summary>
    Task ImageRemovedAsync(long size, bool wasPrivate);

    /// <summary>Tells the catalogue that the count of private images moved in the images table.</summary>
    Task PrivateImagesChangedAsync();

    /// <summary>The current totals.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<CatalogTotals> GetTotalsAsync();
}
