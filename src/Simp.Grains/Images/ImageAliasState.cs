namespace Simp.Grains.Images;

/// <summary>The persisted state of an image alias.</summary>
[GenerateSerializer]
public sealed class ImageAliasState
{
    [Id(0)] public long? ImageId { get; set; }
}
