using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Simp.Api.Options;
using Simp.Api.Secrets;

namespace Simp.Api.Auth;

/// <summary>
/// Issues and reads the gateway's JWTs. Access and refresh tokens carry different audiences, so
/// neither is accepted in place of the other.
/// </summary>
public sealed class TokenService(SiteSecrets secrets, IOptions<AuthOptions> options, TimeProvider time)
{
    /// <summary>The issuer of every token.</summary>
    public const string Issuer = "simp";

    /// <summary>The audience of access tokens.</summary>
    public const string AccessAudience = "simp-api";

    /// <summary>The audience of refresh tokens.</summary>
    public const string RefreshAudience = "simp-refresh";

    /// <summary>The claim carrying the session's CSRF token.</summary>
    public const string CsrfClaim = "csrf";

    /// <summary>The claim carrying the session id.</summary>
    public const string SessionClaim = "sid";

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly AuthOptions _options = options.Value;

    /// <summary>The key tokens are signed and checked with.</summary>
    public SymmetricSecurityKey SigningKey { get; } = new(secrets.SigningKey);

    /// <summary>What the bearer handler checks in an access token.</summary>
    public TokenValidationParameters AccessValidation => Validation(AccessAudience);

    /// <summary>The id and expiry of the next refresh token, for the session grain to hold before it is issued.</summary>
    public RefreshGrant NewRefreshGrant() => new(NewRandom(), time.GetUtcNow().UtcDateTime + _options.RefreshTokenLifetime);

    /// <summary>A new access and refresh token pair for a session.</summary>
    public IssuedTokens Issue(string username, string sessionId, RefreshGrant grant)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var csrfToken = NewRandom();

        var access = Create(AccessAudience, now, now + _options.AccessTokenLifetime, new()
        {
            [JwtRegisteredClaimNames.Sub] = username,
            [SessionClaim] = sessionId,
            [CsrfClaim] = csrfToken,
        });
        var refresh = Create(RefreshAudience, now, grant.ExpiresAt, new()
        {
            [JwtRegisteredClaimNames.Sub] = username,
            [SessionClaim] = sessionId,
            [JwtRegisteredClaimNames.Jti] = grant.TokenId,
        });

        return new IssuedTokens(access, refresh, csrfToken, _options.AccessTokenLifetime, _options.RefreshTokenLifetime);
    }

    /// <summary>The session and token id of a valid refresh token, or null.</summary>
    public async Task<RefreshTokenClaims?> ReadRefreshTokenAsync(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, Validation(RefreshAudience));
        if (!result.IsValid
            || !result.Claims.TryGetValue(SessionClaim, out var session)
            || !result.Claims.TryGetValue(JwtRegisteredClaimNames.Jti, out var tokenId))
        {
            return null;
        }

        return new RefreshTokenClaims((string)session, (string)tokenId);
    }

    /// <summary>A new random session id.</summary>
    public static string NewSessionId() => NewRandom();

    private string Create(string audience, DateTime now, DateTime expires, Dictionary<string, object> claims)
        => _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });

    private TokenValidationParameters Validation(string audience) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = audience,
        IssuerSigningKey = SigningKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Sub,
    };

    private static string NewRandom() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}

/// <summary>The tokens of one login or refresh.</summary>
public sealed record IssuedTokens(
    string AccessToken,
    string RefreshToken,
    string CsrfToken,
    TimeSpan AccessLifetime,
    TimeSpan RefreshLifetime);

/// <summary>What a valid refresh token says.</summary>
public sealed record RefreshTokenClaims(string SessionId, string TokenId);

/// <summary>The id and expiry a refresh token will carry.</summary>
public sealed record RefreshGrant(string TokenId, DateTime ExpiresAt);
