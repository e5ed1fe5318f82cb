using Microsoft.AspNetCore.Http.HttpResults;
using Simp.Api.Http;
using Simp.Api.Views;

namespace Simp.Api.Images;

/// <summary>
/// Serves images at their share links, <c>/{uuid}.{extension}</c>, and counts each GET as a view.
/// A private image needs <c>?key=</c>; without the right one it is reported missing, so its
/// existence is not revealed.
/// </summary>
public static class PublicImageApi
{
    public static IEndpointRouteBuilder MapPublicImageApi(this IEndpointRouteBuilder app)
    {
        // Anonymous and never rate limited, so it runs as soon as it is routed.
        app.MapMethods("/{file}", [HttpMethods.Get, HttpMethods.Head], ServeAsync).ShortCircuit();
        return app;
    }

    internal static async Task<Results<FileContentHttpResult, PhysicalFileHttpResult, JsonHttpResult<ErrorBody>>> ServeAsync(
        string file, string? key, HttpContext context, ImageAccessCache access, ImageFileCache files, ViewRecorder views)
    {
        if (!ImageFileName.TryParse(file, out var uuid, out var extension)
            || await access.GetAsync(uuid) is not { } found
            || !found.Image.AllowsServing(extension, key))
        {
            return ApiErrors.NotFound();
        }

        if (HttpMethods.IsGet(context.Request.Method))
        {
            views.Record(context, found.Image.Id, found.Image.Uuid);
        }

        // Every view must reach the gateway to be counted, so caches may keep the bytes but must ask first.
        context.Response.Headers.CacheControl = found.Image.IsPrivate ? "private, no-cache" : "no-cache";

        var contentType = ImageFormats.ContentTypeOf(extension);
        return await files.GetAsync(found.FilePath, context.RequestAborted) is { } cached
            ? TypedResults.Bytes(cached.Content, contentType, lastModified: cached.LastModified)
            : TypedResults.PhysicalFile(found.FilePath, contentType);
    }
}
