using Simp.Grains.Images;

namespace Simp.Grains.Storage;

/// <summary>
/// The images table: kept current by the image grains for listings that no grain can answer by key,
/// and the durable home of each image's view count and privacy, which move in the same transaction
/// as what counts them.
/// </summary>
public interface IImageIndex
{
    /// <summary>Adds or replaces the row of an image, keeping its view count and the privacy of a row that exists.</summary>
    Task UpsertAsync(ImageDetails image, CancellationToken cancellationToken = default);

    /// <summary>An image's view count, kept with the view log; 0 when the image has no row.</summary>
    Task<long> ReadViewsAsync(long imageId, CancellationToken cancellationToken = default);

    /// <summary>The privacy in an image's row; null when there is no row.</summary>
    Task<ImagePrivacy?> ReadPrivacyAsync(long imageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores an image's privacy and moves the count of private images with it, in one transaction.
    /// Fails with <see cref="Orleans.Storage.InconsistentStateException"/>, changing nothing, when the
    /// row is gone or does not hold <paramref name="wasPrivate"/>.
    /// </summary>
    Task WritePrivacyAsync(long imageId, bool wasPrivate, ImagePrivacy privacy, CancellationToken cancellationToken = default);

    /// <summary>Removes the row of an image and, when it was private, uncounts it, in one transaction.</summary>
    Task RemoveAsync(long imageId, bool wasPrivate, CancellationToken cancellationToken = default);

    /// <summary>The count of private images.</summary>
    Task<long> CountPrivateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> ids after <paramref name="afterId"/>, ascending, of rows written
    /// by a build that kept privacy in the grain's state only, and so hold none.
    /// </summary>
    Task<IReadOnlyList<long>> ReadIdsWithoutPrivacyAsync(long afterId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Fills in the privacy of rows that hold none, in one transaction; a row that holds one keeps it.</summary>
    Task FillPrivacyAsync(IReadOnlyList<(long ImageId, ImagePrivacy Privacy)> rows, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the private images have been counted from the rows, after which every row holds its
    /// privacy and each change moves the count.
    /// </summary>
    Task<bool> IsPrivateCountedAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts the private images from the rows, once for the life of the database, to start the count
    /// each change then moves; later calls change nothing.
    /// </summary>
    Task CountPrivateFromRowsOnceAsync(CancellationToken cancellationToken = default);

    /// <summary>The ids of one page of matching images, newest first, and the count of all matches.</summary>
    Task<ImagePage<long>> QueryAsync(ImageQuery query, CancellationToken cancellationToken = default);
}
