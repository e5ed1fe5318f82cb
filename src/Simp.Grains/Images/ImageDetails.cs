namespace Simp.Grains.Images;

/// <summary>An image as the API shows it.</summary>
/// <param name="Extension">The lower-case file extension without the dot, e.g. <c>png</c>.</param>
/// <param name="PrivateKey">The key a private image opens with; empty while the image is public.</param>
[GenerateSerializer, Immutable]
public sealed record ImageDetails(
    [property: Id(0)] long Id,
    [property: Id(1)] string Uuid,
    [property: Id(2)] string Filename,
    [property: Id(3)] string Extension,
    [property: Id(4)] long Size,
    [property: Id(5)] DateTime UploadedAt,
    [property: Id(6)] bool IsPrivate,
    [property: Id(7)] string PrivateKey,
    [property: Id(8)] long Views)
{
    /// <summary>
    /// Whether a public request for this image with this extension may be served: the extension is
    /// the image's own, and a private image is opened with its key.
    /// </summary>
    public bool AllowsServing(string extension, string? presentedKey)
        => string.Equals(Extension, extension, StringComparison.OrdinalIgnoreCase)
            && (!IsPrivate || PrivateKeys.Matches(PrivateKey, presentedKey));
}
