using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Simp.Api.Auth;
using Simp.Api.Http;
using Simp.Api.Images;
using Simp.Grains.Images;

namespace Simp.Api.Stats;

/// <summary><c>POST /api/privacy/{id}</c>: toggles privacy, or sets it from a body.</summary>
public static class PrivacyApi
{
    /// <summary>
    /// The largest body accepted: a flag and the longest password, each of its characters escaped,
    /// fit several times over.
    /// </summary>
    public const int MaxBodyBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/privacy/{idOrUuid}", SetPrivacyAsync).RequireAuthorization().AddEndpointFilter<CsrfFilter>();
        return app;
    }

    internal static async Task<Results<Ok<PrivacyResponse>, JsonHttpResult<ErrorBody>>> SetPrivacyAsync(
        string idOrUuid, HttpContext context, ImageLookup images, ImageAccessCache access)
    {
        var change = await ReadChangeAsync(context.Request);
        if (change is null)
        {
            return ApiErrors.BadRequest($"Body must be empty or {{\"isPrivate\": true|false, \"password\": \"...\"}} " +
                $"with a password of 1 to {PrivateKeys.MaxPasswordLength} characters");
        }

        if (await images.FindAsync(idOrUuid) is not { } id || await images.Grain(id).SetPrivacyAsync(change) is not { } image)
        {
            return ApiErrors.NotFound();
        }

        access.Invalidate(Guid.Parse(image.Uuid));
        return TypedResults.Ok(new PrivacyResponse(true, image.IsPrivate, image.PrivateKey));
    }

    /// <summary>The requested change: a toggle for an empty body, else the body's; null when the body is invalid.</summary>
    private static async Task<PrivacyChange?> ReadChangeAsync(HttpRequest request)
    {
        // The server refuses a longer body as it arrives (413), rather than it being read whole first.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = MaxBodyBytes;
        }

        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(body))
        {
            return PrivacyChange.Toggle;
        }

        PrivacyRequest? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<PrivacyRequest>(body);
        }
        catch (JsonException)
        {
            return null;
        }

        if (parsed?.IsPrivate is not { } makePrivate || parsed.Password is { Length: 0 or > PrivateKeys.MaxPasswordLength })
        {
            return null;
        }

        return new PrivacyChange(makePrivate, makePrivate ? parsed.Password : null);
    }

    private sealed record PrivacyRequest(
        [property: JsonPropertyName("isPrivate")] bool? IsPrivate,
        [property: JsonPropertyName("password")] string? Password);
}
