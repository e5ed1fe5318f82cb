namespace Simp.Grains.Images;

/// <summary>
/// One uploaded image, keyed by its numeric id: owns its metadata, privacy and private key. Its view
/// count is kept with the view log, where each batch of views adds to it in the same transaction.
/// </summary>
public interface IImageGrain : IGrainWithIntegerKey
{
    /// <summary>Records a freshly stored upload under this grain's id.</summary>
    Task<ImageDetails> CreateAsync(NewImage image);

    /// <summary>The image, or null when there is no such image.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<ImageDetails?> GetAsync();

    /// <summary>Changes the privacy; null when there is no such image.</summary>
    /// <remarks>
    /// Changes that arrive while one is being written do not queue behind it: they are applied at
    /// once and share the next write, and each answers when that write is durable.
    /// </remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<PrivacyResult?> SetPrivacyAsync(PrivacyChange change);

    /// <summary>Removes the image and its history; returns what was removed, or null when absent.</summary>
    Task<ImageDetails?> DeleteAsync();
}
