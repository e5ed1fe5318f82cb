namespace Simp.Api.Options;

/// <summary>Limits on uploads and on the space they take. Section <c>Simp:Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Simp:Storage";

    /// <summary>The largest file an upload may carry, e.g. <c>10MB</c>.</summary>
    public string MaxFileSize { get; set; } = "10MB";

    /// <summary>The space all images may take, e.g. <c>5GB</c>, or <c>FULL</c> for the whole disk.</summary>
    public string MaxStorage { get; set; } = ByteSize.Full;

    /// <summary>The extensions an upload may have; its content must be of the same format.</summary>
    public string[] AllowedExtensions { get; set; } = ["png", "jpg", "jpeg", "gif", "webp"];

    /// <summary>
    /// Where image files are kept; by default the <c>images</c> folder of the data folder. A shared
    /// volume when several gateways serve the same site.
    /// </summary>
    public string? ImagesPath { get; set; }

    /// <summary>The file size limit in bytes.</summary>
    public long MaxFileSizeBytes => ByteSize.Parse(MaxFileSize);

    /// <summary>Whether the limit is the whole disk rather than a size.</summary>
    public bool IsFullDisk => string.Equals(MaxStorage.Trim(), ByteSize.Full, StringComparison.OrdinalIgnoreCase);

    /// <summary>The storage limit in bytes, or null for the whole disk.</summary>
    public long? MaxStorageBytes => IsFullDisk ? null : ByteSize.Parse(MaxStorage);
}
