using Orleans;

namespace Simp.Api.Options;

/// <summary>The administrator's login. Section <c>Simp:Admin</c>.</summary>
public sealed class AdminOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Simp:Admin";

    /// <summary>The login name.</summary>
    public string Username { get; set; } = "admin";

    /// <summary>
    /// The password. When absent, one is generated on first start, printed once and kept only as a
    /// hash in the data folder.
    /// </summary>
    [Redact]
    public string? Password { get; set; }
}
