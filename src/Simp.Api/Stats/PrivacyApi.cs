using System.Buffers;
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
        if (await ReadBodyAsync(context.Request) is not { } body)
        {
            return ApiErrors.Error(StatusCodes.Status413PayloadTooLarge, $"Body must be at most {MaxBodyBytes} bytes");
        }

        if (ParseChange(body) is not { } change)
        {
            return ApiErrors.BadRequest($"Body must be empty or {{\"isPrivate\": true|false, \"password\": \"...\"}} " +
                $"with a password of 1 to {PrivateKeys.MaxPasswordLength} characters and no control characters");
        }

        if (await images.FindAsync(idOrUuid) is not { } id || await images.Grain(id).SetPrivacyAsync(change) is not { } image)
        {
            return ApiErrors.NotFound();
        }

        access.Invalidate(Guid.Parse(image.Uuid));
        return TypedResults.Ok(new PrivacyResponse(true, image.IsPrivate, image.PrivateKey));
    }

    /// <summary>The body as text, or null when it is longer than <see cref="MaxBodyBytes"/>; no more than that is read.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        // A toggle comes without a body, and needs no buffer.
        if (request.ContentLength == 0 || request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return "";
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            var length = await ReadAtMostAsync(request, buffer.AsMemory(0, MaxBodyBytes + 1));
            if (length > MaxBodyBytes)
            {
                return null;
            }

            using var reader = new StreamReader(new MemoryStream(buffer, 0, length));
            return await reader.ReadToEndAsync();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Counted here, after any chunked framing is taken off: the server's own limit counts the
    // framing too, which refused a small body sent in small chunks.
    private static async Task<int> ReadAtMostAsync(HttpRequest request, Memory<byte> buffer)
    {
        var length = 0;
        int read;
        while (length < buffer.Length
            && (read = await request.Body.ReadAsync(buffer[length..], request.HttpContext.RequestAborted)) > 0)
        {
            length += read;
        }

        return length;
    }

    /// <summary>The requested change: a toggle for an empty body, else the body's; null when the body is invalid.</summary>
    private static PrivacyChange? ParseChange(string body)
    {
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

        if (parsed?.IsPrivate is not { } makePrivate || parsed.Password is { } password && !PrivateKeys.IsAcceptablePassword(password))
        {
            return null;
        }

        return new PrivacyChange(makePrivate, makePrivate ? parsed.Password : null);
    }

    private sealed record PrivacyRequest(
        [property: JsonPropertyName("isPrivate")] bool? IsPrivate,
        [property: JsonPropertyName("password")] string? Password);
}
