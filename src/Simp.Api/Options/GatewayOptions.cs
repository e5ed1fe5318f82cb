namespace Simp.Api.Options;

/// <summary>How the gateway reaches its grains. Section <c>Simp:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Simp:Gateway";

    /// <summary><c>cohosted</c> (default): a silo runs in this process; <c>client</c>: connect to a cluster of silos.</summary>
    public GatewayMode Mode { get; set; } = GatewayMode.Cohosted;

    /// <summary>
    /// How long the serve path may rely on what it last learnt of an image (privacy, key, file).
    /// Changes made through this gateway apply at once; other gateways see them within this time.
    /// </summary>
    public TimeSpan AccessCacheDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How much memory the serve path may use to keep recently served image files, e.g. <c>64MB</c>;
    /// <c>0</c> reads every file from disk. A file larger than a sixteenth of it is always read from disk.
    /// </summary>
    public string FileCacheSize { get; set; } = "64MB";

    /// <summary>The file cache budget in bytes.</summary>
    public long FileCacheBytes => ByteSize.Parse(FileCacheSize);
}

/// <summary>Where the gateway's grains live.</summary>
public enum GatewayMode
{
    /// <summary>In a silo inside the gateway's own process.</summary>
    Cohosted,

    /// <summary>In a separate cluster the gateway joins as an Orleans client.</summary>
    Client,
}
