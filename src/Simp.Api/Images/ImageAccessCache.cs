using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Simp.Api.Options;
using Simp.Grains.Images;

namespace Simp.Api.Images;

/// <summary>
/// What the public serve path needs to know of an image — its id, extension, privacy and key, and
/// whether its file is there — kept for a short time so that serving a popular image costs no grain
/// call and no file-system check per request.
/// </summary>
/// <remarks>
/// A change made through this gateway (privacy, delete) drops the entry at once. Another gateway of
/// the same site sees the change when its entry expires, after at most
/// <see cref="GatewayOptions.AccessCacheDuration"/>.
/// </remarks>
public sealed class ImageAccessCache(ImageLookup images, ImageFileStore files, IMemoryCache cache, IOptions<GatewayOptions> options)
{
    private readonly MemoryCacheEntryOptions _entry = new()
    {
        Size = 1,
        AbsoluteExpirationRelativeToNow = options.Value.AccessCacheDuration,
    };

    /// <summary>The image behind a share link and the path of its file, or null when there is none to serve.</summary>
    public async ValueTask<ImageAccess?> GetAsync(Guid uuid)
    {
        var key = CacheKey(uuid);
        if (cache.TryGetValue(key, out ImageAccess? cached))
        {
            return cached;
        }

        var access = await LoadAsync(uuid);

        // Misses are kept too, so links to images that do not exist cannot keep the cluster busy.
        cache.Set(key, access, _entry);
        return access;
    }

    /// <summary>Forgets an image after this gateway changed it.</summary>
    public void Invalidate(Guid uuid) => cache.Remove(CacheKey(uuid));

    private async Task<ImageAccess?> LoadAsync(Guid uuid)
    {
        if (await images.FindByUuidAsync(uuid) is not { } id || await images.Grain(id).GetAsync() is not { } image)
        {
            return null;
        }

        var path = files.PathOf(uuid, image.Extension);
        return File.Exists(path) ? new ImageAccess(image, path) : null;
    }

    private static string CacheKey(Guid uuid) => $"access:{uuid:D}";
}

/// <summary>An image that can be served, and where its file is.</summary>
public sealed record ImageAccess(ImageDetails Image, string FilePath);
