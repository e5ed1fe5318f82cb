namespace Simp.Api.Options;

/// <summary>What a view records about its visitor. Section <c>Simp:Tracking</c>.</summary>
public sealed class TrackingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Simp:Tracking";

    /// <summary>Whether visitors' IP addresses are stored; when off no address is kept.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A MaxMind-format country or city database (GeoLite2-Country.mmdb and the like). Without one
    /// every view's country is Unknown.
    /// </summary>
    public string? GeoIpDatabase { get; set; }
}
