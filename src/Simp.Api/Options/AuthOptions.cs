using Orleans;

namespace Simp.Api.Options;

/// <summary>Token settings. Section <c>Simp:Auth</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Simp:Auth";

    /// <summary>How long an access token is valid.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a refresh token is valid; each refresh issues a new one.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Login and refresh attempts allowed per client address and minute.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;

    /// <summary>
    /// The key tokens are signed with (at least 32 characters). When absent, one is generated and
    /// kept in the data folder; gateways that share a site must share this key.
    /// </summary>
    [Redact]
    public string? SigningKey { get; set; }
}
