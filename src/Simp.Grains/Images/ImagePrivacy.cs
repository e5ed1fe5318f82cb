namespace Simp.Grains.Images;

/// <summary>Whether an image is private, and the key its links need while it is.</summary>
/// <param name="PrivateKey">Empty while the image is public.</param>
[GenerateSerializer, Immutable]
public sealed record ImagePrivacy([property: Id(0)] bool IsPrivate, [property: Id(1)] string PrivateKey)
{
    /// <summary>The privacy of a new image.</summary>
    public static readonly ImagePrivacy Public = new(false, "");
}
