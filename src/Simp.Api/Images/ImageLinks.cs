using Microsoft.Extensions.Options;
using Simp.Api.Options;
using Simp.Grains.Images;

namespace Simp.Api.Images;

/// <summary>Builds an image's links: the path it is served at and the full address to share.</summary>
public sealed class ImageLinks(IOptions<SimpOptions> options)
{
    private readonly string? _publicUrl = options.Value.PublicUrl?.TrimEnd('/');

    /// <summary>The image object with <c>url</c> (carrying <c>?key=</c> when private) and <c>full_link</c>.</summary>
    public ImageResponse WithLinks(ImageDetails image, HttpRequest request)
    {
        var url = $"/{image.Uuid}.{image.Extension}";
        if (image.IsPrivate)
        {
            url += $"?key={Uri.EscapeDataString(PrivateKeys.ToLinkKey(image.PrivateKey))}";
        }

        var origin = _publicUrl ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
        return ImageResponse.From(image) with { Url = url, FullLink = origin + url };
    }
}
