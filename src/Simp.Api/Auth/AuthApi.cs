using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Simp.Api.Http;
using Simp.Api.Options;
using Simp.Api.Secrets;
using Simp.Grains.Sessions;

namespace Simp.Api.Auth;

/// <summary>Login, token refresh, logout and verification under <c>/api</c>.</summary>
public static partial class AuthApi
{
    /// <summary>The rate-limiting policy that slows password guessing.</summary>
    public const string LoginRateLimit = "login";

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapPost("/login", LoginAsync).RequireRateLimiting(LoginRateLimit);
        api.MapPost("/refresh", RefreshAsync).RequireRateLimiting(LoginRateLimit);
        api.MapPost("/logout", LogoutAsync);
        api.MapMethods("/verify", ["GET", "POST"], Verify).RequireAuthorization();

        return app;
    }

    internal static async Task<Results<Ok<UsernameResponse>, JsonHttpResult<ErrorBody>>> LoginAsync(
        HttpContext context, TokenService tokens, SiteSecrets secrets, IOptions<AdminOptions> admin,
        IGrainFactory grains, ILoggerFactory loggers)
    {
        var request = await ReadJsonAsync<LoginRequest>(context);
        if (request is not { Username.Length: > 0, Password.Length: > 0 })
        {
            return ApiErrors.BadRequest("Username and password are required");
        }

        // Both checks always run, so the response time does not tell which one failed.
        var userMatches = FixedTimeEquals(request.Username, admin.Value.Username);
        var passwordMatches = PasswordHashing.Verify(secrets.AdminPasswordHash, request.Password);
        if (!userMatches || !passwordMatches)
        {
            LogLoginFailed(loggers.CreateLogger(nameof(AuthApi)), context.Connection.RemoteIpAddress?.ToString());
            return ApiErrors.Unauthorized("Invalid credentials");
        }

        var sessionId = TokenService.NewSessionId();
        var grant = tokens.NewRefreshGrant();
        await grains.GetGrain<ISessionGrain>(sessionId).StartAsync(admin.Value.Username, grant.TokenId, grant.ExpiresAt);
        AuthCookies.Write(context, tokens.Issue(admin.Value.Username, sessionId, grant), secrets.UploadKey);

        return TypedResults.Ok(new UsernameResponse(admin.Value.Username));
    }

    internal static async Task<Results<Ok<RefreshResponse>, JsonHttpResult<ErrorBody>>> RefreshAsync(
        HttpContext context, TokenService tokens, SiteSecrets secrets, IGrainFactory grains, OpenSessions sessions)
    {
        var claims = await tokens.ReadRefreshTokenAsync(context.Request.Cookies[AuthCookies.RefreshToken]);
        if (claims is null)
        {
            return ApiErrors.Unauthorized("Invalid refresh token");
        }

        var grant = tokens.NewRefreshGrant();
        var username = await grains.GetGrain<ISessionGrain>(claims.SessionId).RotateAsync(claims.TokenId, grant.TokenId, grant.ExpiresAt);
        if (username is null)
        {
            // The session may have ended just now, for a replayed token: its access tokens end with it.
            sessions.Forget(claims.SessionId);
            AuthCookies.Clear(context);
            return ApiErrors.Unauthorized("Invalid refresh token");
        }

        var issued = tokens.Issue(username, claims.SessionId, grant);
        AuthCookies.Write(context, issued, secrets.UploadKey);
        return TypedResults.Ok(new RefreshResponse(true, username, issued.CsrfToken));
    }

    internal static async Task<Ok<MessageResponse>> LogoutAsync(
        HttpContext context, TokenService tokens, IGrainFactory grains, OpenSessions sessions)
    {
        // A browser names its session by the refresh cookie; an API client by the access token it
        // was authenticated with.
        var refresh = await tokens.ReadRefreshTokenAsync(context.Request.Cookies[AuthCookies.RefreshToken]);
        if ((refresh?.SessionId ?? context.User.FindFirst(TokenService.SessionClaim)?.Value) is { } sessionId)
        {
            await grains.GetGrain<ISessionGrain>(sessionId).EndAsync();
            sessions.Forget(sessionId);
        }

        AuthCookies.Clear(context);
        return TypedResults.Ok(new MessageResponse("Logged out"));
    }

    internal static Ok<UsernameResponse> Verify(ClaimsPrincipal user) => TypedResults.Ok(new UsernameResponse(user.Identity?.Name ?? ""));

    private static async Task<T?> ReadJsonAsync<T>(HttpContext context) where T : class
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(context.RequestAborted);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return null;
        }
    }

    private static bool FixedTimeEquals(string presented, string expected)
        => CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed login from {RemoteAddress}")]
    private static partial void LogLoginFailed(ILogger logger, string? remoteAddress);
}

internal sealed record LoginRequest(string? Username, string? Password);

public sealed record UsernameResponse([property: JsonPropertyName("username")] string Username);

public sealed record MessageResponse([property: JsonPropertyName("message")] string Message);

public sealed record RefreshResponse(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("csrf_token")] string CsrfToken);
