using Simp.Grains.Images;

namespace Simp.Grains.Storage;

/// <summary>
/// The images table: a read model the image grains keep current, for listings that no grain
/// can answer by key.
/// </summary>
public interface IImageIndex
{
    /// <summary>Adds or replaces the row of an image, keeping its view count.</summary>
    Task UpsertAsync(ImageDetails image, CancellationToken cancellationToken = default);

    /// <summary>An image's view count, kept with the view log; 0 when the image has no row.</summary>
    Task<long> ReadViewsAsync(long imageId, CancellationToken cancellationToken = default);

    /// <summary>Removes the row of an image.</summary>
    Task RemoveAsync(long imageId, CancellationToken cancellationToken = default);

    /// <summary>The ids of one page of matching images, newest first, and the count of all matches.</summary>
    Task<ImagePage<long>> QueryAsync(ImageQuery query, CancellationToken cancellationToken = default);
}
