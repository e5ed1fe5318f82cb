namespace Simp.Grains.Images;

/// <summary>What a change of privacy left: the image's uuid, whether it is private, and its key.</summary>
[GenerateSerializer, Immutable]
public sealed record PrivacyResult(
    [property: Id(0)] string Uuid,
    [property: Id(1)] bool IsPrivate,
    [property: Id(2)] string PrivateKey);
