namespace Simp.Grains.Images;

/// <summary>The persisted state of one image grain.</summary>
[GenerateSerializer]
public sealed class ImageState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Uuid { get; set; } = "";
    [Id(2)] public string Filename { get; set; } = "";
    [Id(3)] public string Extension { get; set; } = "";
    [Id(4)] public long Size { get; set; }
    [Id(5)] public DateTime UploadedAt { get; set; }

    // Privacy as builds before the images table held it kept it: read once, to fill in their rows.
    [Id(6)] public bool EarlierIsPrivate { get; set; }
    [Id(7)] public string EarlierPrivateKey { get; set; } = "";
}
