namespace Simp.Api.Options;

/// <summary>Which peers may speak for the client. Section <c>Simp:Network</c>.</summary>
public sealed class NetworkOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Simp:Network";

    /// <summary>
    /// Proxies whose <c>X-Forwarded-For</c> is believed: addresses (<c>10.0.0.5</c>) or networks
    /// (<c>10.0.0.0/8</c>). Empty by default, so the connection's own address is recorded.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];
}
