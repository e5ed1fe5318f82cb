namespace Simp.Api.Images;

/// <summary>
/// The image formats Simp accepts, recognised by their leading bytes so that an upload's content
/// must be what its extension claims.
/// </summary>
public static class ImageFormats
{
    private sealed record Format(string Name, string ContentType, string[] Extensions, Func<ReadOnlyMemory<byte>, bool> Matches);

    private static readonly Format[] Formats =
    [
        new("PNG", "image/png", ["png"], header => StartsWith(header, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])),
        new("JPEG", "image/jpeg", ["jpg", "jpeg"], header => StartsWith(header, [0xFF, 0xD8, 0xFF])),
        new("GIF", "image/gif", ["gif"], header => StartsWith(header, "GIF87a"u8) || StartsWith(header, "GIF89a"u8)),
        new("WebP", "image/webp", ["webp"], header => StartsWith(header, "RIFF"u8) && header.Length >= 12 && header.Span[8..12].SequenceEqual("WEBP"u8)),
        new("BMP", "image/bmp", ["bmp"], header => StartsWith(header, "BM"u8)),
        new("ICO", "image/x-icon", ["ico"], header => StartsWith(header, [0x00, 0x00, 0x01, 0x00])),
    ];

    /// <summary>How many leading bytes the checks need.</summary>
    public const int HeaderLength = 16;

    /// <summary>Every extension Simp can check.</summary>
    public static IEnumerable<string> KnownExtensions => Formats.SelectMany(format => format.Extensions);

    /// <summary>Whether Simp can check files with this extension.</summary>
    public static bool IsKnownExtension(string extension) => FindByExtension(extension) is not null;

    /// <summary>Whether the leading bytes are those of the format the extension names.</summary>
    public static bool ContentMatchesExtension(ReadOnlyMemory<byte> header, string extension)
        => FindByExtension(extension) is { } format && format.Matches(header);

    /// <summary>The content type to serve a file with this extension as.</summary>
    public static string ContentTypeOf(string extension) => FindByExtension(extension)?.ContentType ?? "application/octet-stream";

    /// <summary>The lower-case extension of a file name without the dot, or empty.</summary>
    public static string ExtensionOf(string fileName) => Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();

    private static Format? FindByExtension(string extension)
        => Formats.FirstOrDefault(format => format.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase));

    private static bool StartsWith(ReadOnlyMemory<byte> header, ReadOnlySpan<byte> signature) => header.Span.StartsWith(signature);
}
