namespace Simp.Grains.Images;

/// <summary>What an upload knows about an image before it has an id.</summary>
[GenerateSerializer, Immutable]
public sealed record NewImage(
    [property: Id(0)] string Uuid,
    [property: Id(1)] string Filename,
    [property: Id(2)] string Extension,
    [property: Id(3)] long Size,
    [property: Id(4)] DateTime UploadedAt);
