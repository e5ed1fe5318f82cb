using System.Text.Json.Serialization;
using Simp.Grains.Images;

namespace Simp.Api.Images;

/// <summary>The image object of the HTTP contract, with its links where an endpoint adds them.</summary>
public sealed record ImageResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("filename")] string Filename,
    [property: JsonPropertyName("extension")] string Extension,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("uploadedAt")] DateTime UploadedAt,
    [property: JsonPropertyName("isPrivate")] bool IsPrivate,
    [property: JsonPropertyName("privateKey")] string PrivateKey,
    [property: JsonPropertyName("views")] long Views,
    [property: JsonPropertyName("url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url = null,
    [property: JsonPropertyName("full_link"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FullLink = null)
{
    /// <summary>The image without links.</summary>
    public static ImageResponse From(ImageDetails image) => new(
        image.Id, image.Uuid, image.Filename, image.Extension, image.Size,
        DateTime.SpecifyKind(image.UploadedAt, DateTimeKind.Utc), image.IsPrivate, image.PrivateKey, image.Views);
}
