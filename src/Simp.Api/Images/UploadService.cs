using Microsoft.Extensions.Options;
using Simp.Api.Options;
using Simp.Grains.Catalog;
using Simp.Grains.Images;

namespace Simp.Api.Images;

/// <summary>
/// Stores an upload: checks size, extension and content, reserves room with the catalogue, writes
/// the file and records the image. Whatever fails after the reservation is undone.
/// </summary>
public sealed partial class UploadService(
    IGrainFactory grains,
    ImageFileStore files,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<UploadService> logger)
{
    /// <summary>The longest original file name kept.</summary>
    public const int MaxFilenameLength = 255;

    private readonly StorageOptions _options = options.Value;
    private readonly HashSet<string> _allowed = new(options.Value.AllowedExtensions.Select(e => e.ToLowerInvariant()));

    /// <summary>Stores the file, or says in <see cref="UploadOutcome.Error"/> why not.</summary>
    public async Task<UploadOutcome> StoreAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var extension = ImageFormats.ExtensionOf(file.FileName);
        if (Validate(file, extension) is { } problem)
        {
            return UploadOutcome.Failed(problem);
        }

        if (!await ContentMatchesAsync(file, extension, cancellationToken))
        {
            return UploadOutcome.Failed($"File content is not a valid {extension} image");
        }

        if (_options.IsFullDisk && !DiskHasRoomFor(file.Length))
        {
            return UploadOutcome.Failed("Storage limit reached");
        }

        var catalog = grains.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey);
        var reservation = await catalog.ReserveUploadAsync(file.Length, _options.MaxStorageBytes);
        if (!reservation.Accepted)
        {
            return UploadOutcome.Failed("Storage limit reached");
        }

        return UploadOutcome.Stored(await SaveReservedAsync(file, extension, reservation.ImageId, catalog, cancellationToken));
    }

    private string? Validate(IFormFile file, string extension)
    {
        if (file.Length == 0)
        {
            return "File is empty";
        }

        if (file.Length > _options.MaxFileSizeBytes)
        {
            return $"File too large (max {_options.MaxFileSize})";
        }

        return _allowed.Contains(extension) ? null : $"File type not allowed (allowed: {string.Join(", ", _allowed)})";
    }

    private async Task<ImageDetails> SaveReservedAsync(
        IFormFile file, string extension, long imageId, ICatalogGrain catalog, CancellationToken cancellationToken)
    {
        var uuid = Guid.NewGuid();
        try
        {
            await using (var content = file.OpenReadStream())
            {
                await files.SaveAsync(uuid, extension, content, cancellationToken);
            }

            var upload = new NewImage(uuid.ToString("D"), CleanFilename(file.FileName), extension, file.Length, time.GetUtcNow().UtcDateTime);
            return await grains.GetGrain<IImageGrain>(imageId).CreateAsync(upload);
        }
        catch (Exception exception)
        {
            LogUploadFailed(logger, exception, imageId);
            files.Delete(uuid, extension);
            await catalog.ReleaseUploadAsync(file.Length);
            throw;
        }
    }

    private static async Task<bool> ContentMatchesAsync(IFormFile file, string extension, CancellationToken cancellationToken)
    {
        var header = new byte[ImageFormats.HeaderLength];
        await using var content = file.OpenReadStream();
        var read = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        return ImageFormats.ContentMatchesExtension(header.AsMemory(0, read), extension);
    }

    private bool DiskHasRoomFor(long size) => new DriveInfo(files.Root).AvailableFreeSpace > size;

    private static string CleanFilename(string name)
    {
        var clean = new string(Path.GetFileName(name).Where(c => !char.IsControl(c)).ToArray());
        return clean.Length <= MaxFilenameLength ? clean : clean[..MaxFilenameLength];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storing upload for image {ImageId} failed; its reservation was released")]
    private static partial void LogUploadFailed(ILogger logger, Exception exception, long imageId);
}

/// <summary>A stored image, or the reason an upload was refused.</summary>
public sealed record UploadOutcome(ImageDetails? Image, string? Error)
{
    public static UploadOutcome Stored(ImageDetails image) => new(image, null);

    public static UploadOutcome Failed(string error) => new(null, error);
}
