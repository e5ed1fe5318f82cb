namespace Simp.Silo.Options;

/// <summary>How a silo joins its cluster. Section <c>Simp:Cluster</c>.</summary>
public sealed class SiloClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Simp:Cluster";

    /// <summary>The default port silos talk to each other on.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The default port clients (gateways in client mode) connect to.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary><c>localhost</c> (default) or <c>adonet</c>.</summary>
    public ClusterMode Mode { get; set; } = ClusterMode.Localhost;

    /// <summary>The silo-to-silo port.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>The client gateway port.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>Names the deployment's state in the database; keep it across upgrades.</summary>
    public string ServiceId { get; set; } = "simp";

    /// <summary>Names one running cluster; silos and clients with the same id form it.</summary>
    public string ClusterId { get; set; } = "simp";

    /// <summary>
    /// The address this silo advertises to the others; by default loopback in <c>localhost</c> mode
    /// and the first non-loopback IPv4 address of the machine otherwise.
    /// </summary>
    public string? AdvertisedAddress { get; set; }
}
