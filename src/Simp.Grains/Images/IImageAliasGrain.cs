namespace Simp.Grains.Images;

/// <summary>Maps the uuid in an image's link to its id; keyed by the uuid.</summary>
public interface IImageAliasGrain : IGrainWithStringKey
{
    /// <summary>The image id, or null when no image has this uuid.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<long?> GetImageIdAsync();

    /// <summary>Points the uuid at an image.</summary>
    Task SetAsync(long imageId);

    /// <summary>Forgets the uuid once its image is deleted.</summary>
    Task ClearAsync();
}
