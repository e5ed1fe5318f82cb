namespace Simp.Api.Images;

/// <summary>Splits the last path segment of an image link, <c>{uuid}.{extension}</c>.</summary>
public static class ImageFileName
{
    /// <summary>Parses the segment; false when it is not a uuid and an extension.</summary>
    public static bool TryParse(string segment, out Guid uuid, out string extension)
    {
        uuid = Guid.Empty;
        extension = "";

        var dot = segment.IndexOf('.');
        if (dot <= 0 || !Guid.TryParseExact(segment.AsSpan(0, dot), "D", out uuid))
        {
            return false;
        }

        extension = segment[(dot + 1)..].ToLowerInvariant();
        return ImageFormats.IsKnownExtension(extension);
    }
}
