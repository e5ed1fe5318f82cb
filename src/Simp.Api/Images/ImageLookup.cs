using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Simp.Grains.Images;

namespace Simp.Api.Images;

/// <summary>
/// Finds image ids from what URLs carry: a numeric id or an image uuid. The uuid of an image
/// never changes, so its id is cached; deleted images are told apart by their grain.
/// </summary>
public sealed class ImageLookup(IGrainFactory grains, IMemoryCache cache)
{
    private static readonly MemoryCacheEntryOptions CacheEntry = new() { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) };

    /// <summary>The id named by a route value that is an id or a uuid, or null when there is none.</summary>
    public async ValueTask<long?> FindAsync(string idOrUuid)
    {
        if (long.TryParse(idOrUuid, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id > 0 ? id : null;
        }

        return Guid.TryParseExact(idOrUuid, "D", out var uuid) ? await FindByUuidAsync(uuid) : null;
    }

    /// <summary>The id of the image with this uuid, or null.</summary>
    public async ValueTask<long?> FindByUuidAsync(Guid uuid)
    {
        var key = uuid.ToString("D");
        if (cache.TryGetValue(key, out long cached))
        {
            return cached;
        }

        var id = await grains.GetGrain<IImageAliasGrain>(key).GetImageIdAsync();
        if (id is { } found)
        {
            cache.Set(key, found, CacheEntry);
        }

        return id;
    }

    /// <summary>The grain of an image id.</summary>
    public IImageGrain Grain(long id) => grains.GetGrain<IImageGrain>(id);
}
