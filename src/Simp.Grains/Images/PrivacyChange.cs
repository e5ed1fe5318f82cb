namespace Simp.Grains.Images;

/// <summary>A request to change an image's privacy.</summary>
/// <param name="MakePrivate">The wanted state, or null to toggle the current one.</param>
/// <param name="Password">
/// A key chosen by the owner for a private image. When absent, an image that is private already
/// keeps its key, and one that turns private gets a fresh random key.
/// </param>
[GenerateSerializer, Immutable]
public sealed record PrivacyChange([property: Id(0)] bool? MakePrivate, [property: Id(1)] string? Password)
{
    /// <summary>Flips the current state, issuing a new random key when the image turns private.</summary>
    public static readonly PrivacyChange Toggle = new(null, null);
}
