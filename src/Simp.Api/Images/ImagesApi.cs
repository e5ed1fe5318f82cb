using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Simp.Api.Auth;
using Simp.Api.Http;
using Simp.Api.Options;
using Simp.Grains.Images;

namespace Simp.Api.Images;

/// <summary>Upload, listing, lookup, deletion and the authenticated proxy, under <c>/api</c>.</summary>
public static class ImagesApi
{
    public static IEndpointRouteBuilder MapImagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapPost("/upload", UploadAsync).DisableAntiforgery();
        api.MapGet("/list", ListAsync).RequireAuthorization();
        api.MapGet("/images/{idOrUuid}", GetAsync).RequireAuthorization();
        api.MapDelete("/delete/{idOrUuid}", DeleteAsync).RequireAuthorization().AddEndpointFilter<CsrfFilter>();
        api.MapMethods("/proxy/{file}", [HttpMethods.Get, HttpMethods.Head], ProxyAsync).RequireAuthorization();

        return app;
    }

    internal static async Task<Results<Ok<ImageResponse>, JsonHttpResult<ErrorBody>>> UploadAsync(
        HttpContext context, UploadKeyCheck uploadKeys, UploadService uploads, ImageLinks links)
    {
        if (!context.Request.HasFormContentType)
        {
            return uploadKeys.IsAuthorized(context.Request, null)
                ? ApiErrors.BadRequest("Send the image as multipart/form-data in a field named file or img")
                : ApiErrors.Unauthorized("Invalid upload key");
        }

        // A form that cannot be read is answered as such first: a key sent inside it (as ShareX
        // does) cannot be seen, and "invalid key" would send its client looking in the wrong place.
        if (await ReadFormAsync(context) is not { } form)
        {
            return ApiErrors.BadRequest("The upload is larger than allowed or not a valid form");
        }

        if (!uploadKeys.IsAuthorized(context.Request, form))
        {
            return ApiErrors.Unauthorized("Invalid upload key");
        }

        if ((form.Files["file"] ?? form.Files["img"]) is not { } file)
        {
            return ApiErrors.BadRequest("No file uploaded; use a form field named file or img");
        }

        var outcome = await uploads.StoreAsync(file, context.RequestAborted);
        return outcome.Image is { } image
            ? TypedResults.Ok(links.WithLinks(image, context.Request))
            : ApiErrors.BadRequest(outcome.Error!);
    }

    internal static async Task<Results<Ok<ImageListResponse>, JsonHttpResult<ErrorBody>>> ListAsync(
        HttpContext context, IGrainFactory grains, ImageLinks links, IOptions<StorageOptions> storage)
    {
        if (!ListRequest.TryParse(context.Request.Query, storage.Value, out var query, out var error))
        {
            return ApiErrors.BadRequest(error);
        }

        var page = await grains.GetGrain<IImageListGrain>(0).ListAsync(query);
        var totalPages = (int)((page.Total + query.PageSize - 1) / query.PageSize);

        return TypedResults.Ok(new ImageListResponse(
            [.. page.Items.Select(image => links.WithLinks(image, context.Request))],
            page.Total, query.Page, query.PageSize, totalPages,
            HasNext: query.Page < totalPages, HasPrevious: query.Page > 1));
    }

    internal static async Task<Results<Ok<ImageResponse>, JsonHttpResult<ErrorBody>>> GetAsync(
        string idOrUuid, HttpContext context, ImageLookup images, ImageLinks links)
    {
        if (await images.FindAsync(idOrUuid) is not { } id || await images.Grain(id).GetAsync() is not { } image)
        {
            return ApiErrors.NotFound();
        }

        return TypedResults.Ok(links.WithLinks(image, context.Request));
    }

    internal static async Task<Results<Ok<DeleteResponse>, JsonHttpResult<ErrorBody>>> DeleteAsync(
        string idOrUuid, ImageLookup images, ImageFileStore files, ImageAccessCache access, ImageFileCache cachedFiles)
    {
        if (await images.FindAsync(idOrUuid) is not { } id || await images.Grain(id).DeleteAsync() is not { } removed)
        {
            return ApiErrors.NotFound();
        }

        var uuid = Guid.Parse(removed.Uuid);
        access.Invalidate(uuid);
        cachedFiles.Forget(files.PathOf(uuid, removed.Extension));
        files.Delete(uuid, removed.Extension);
        return TypedResults.Ok(new DeleteResponse(true, "Image deleted"));
    }

    internal static async Task<Results<PhysicalFileHttpResult, JsonHttpResult<ErrorBody>>> ProxyAsync(
        string file, ImageLookup images, ImageFileStore files)
    {
        if (!ImageFileName.TryParse(file, out var uuid, out var extension)
            || await images.FindByUuidAsync(uuid) is not { } id
            || await images.Grain(id).GetAsync() is not { } image
            || image.Extension != extension
            || !File.Exists(files.PathOf(uuid, extension)))
        {
            return ApiErrors.NotFound();
        }

        return TypedResults.PhysicalFile(files.PathOf(uuid, extension), ImageFormats.ContentTypeOf(extension));
    }

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        try
        {
            return await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
        {
            return null;
        }
    }
}

public sealed record ImageListResponse(
    [property: JsonPropertyName("images")] IReadOnlyList<ImageResponse> Images,
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total_pages")] int TotalPages,
    [property: JsonPropertyName("has_next")] bool HasNext,
    [property: JsonPropertyName("has_previous")] bool HasPrevious);

public sealed record DeleteResponse(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("message")] string Message);
