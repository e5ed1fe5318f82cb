namespace Simp.Grains.Storage;

/// <summary>A filtered, paged listing of images, newest first.</summary>
/// <param name="Extensions">The extensions to include, or null for every image.</param>
/// <param name="UploadedFrom">The first instant included, or null.</param>
/// <param name="UploadedBefore">The first instant no longer included, or null.</param>
/// <param name="Page">The page number, from 1.</param>
/// <param name="PageSize">Images per page.</param>
[GenerateSerializer, Immutable]
public sealed record ImageQuery(
    [property: Id(0)] IReadOnlyList<string>? Extensions,
    [property: Id(1)] DateTime? UploadedFrom,
    [property: Id(2)] DateTime? UploadedBefore,
    [property: Id(3)] int Page,
    [property: Id(4)] int PageSize);
