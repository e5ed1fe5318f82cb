using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Simp.Api.Options;

namespace Simp.Api.Images;

/// <summary>
/// The bytes of recently served image files, kept in memory up to a budget, so that serving a
/// popular image costs no file open and read per request.
/// </summary>
/// <remarks>
/// A stored file never changes: a new upload gets a new name. An entry is therefore never stale,
/// only dropped: when its image is deleted through this gateway, when it has not been served for a
/// while, or when newer entries need its room.
/// </remarks>
public sealed class ImageFileCache : IDisposable
{
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(10);

    // One large file would push out many small ones that are served more often.
    private const int LargestShareOfBudget = 16;

    private readonly MemoryCache? _files;
    private readonly long _largestFile;

    public ImageFileCache(IOptions<GatewayOptions> options)
    {
        var budget = options.Value.FileCacheBytes;
        if (budget > 0)
        {
            _files = new MemoryCache(new MemoryCacheOptions { SizeLimit = budget });
            _largestFile = budget / LargestShareOfBudget;
        }
    }

    /// <summary>The file's bytes and time, or null when it is not kept in memory: too large, gone, or caching is off.</summary>
    public async ValueTask<CachedImageFile?> GetAsync(string path, CancellationToken cancellationToken)
    {
        if (_files is null)
        {
            return null;
        }

        if (_files.TryGetValue(path, out CachedImageFile? cached))
        {
            return cached;
        }

        var file = await ReadSmallFileAsync(path, cancellationToken);
        if (file is not null)
        {
            _files.Set(path, file, new MemoryCacheEntryOptions { Size = file.Content.Length, SlidingExpiration = IdleLifetime });
        }

        return file;
    }

    /// <summary>Drops a file, after its image was deleted.</summary>
    public void Forget(string path) => _files?.Remove(path);

    public void Dispose() => _files?.Dispose();

    private async Task<CachedImageFile?> ReadSmallFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var file = new FileInfo(path);
            return file.Length <= _largestFile
                ? new CachedImageFile(await File.ReadAllBytesAsync(path, cancellationToken), file.LastWriteTimeUtc)
                : null;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            // Gone, perhaps deleted since it was found; the caller reports what the file system says.
            return null;
        }
    }
}

/// <summary>A file held in memory, with the time it was written, which conditional requests compare against.</summary>
public sealed record CachedImageFile(byte[] Content, DateTimeOffset LastModified);
