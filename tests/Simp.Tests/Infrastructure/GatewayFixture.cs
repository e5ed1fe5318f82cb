using Simp.Tests.GeoIp;

namespace Simp.Tests.Infrastructure;

/// <summary>
/// One gateway for a collection: its own data folder, a GeoIP database the test wrote with known
/// networks, and loopback trusted as a proxy so tests can speak for many visitors.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new("simp-gateway");

    public GatewayFactory Factory { get; private set; } = null!;

    public string DataPath => _data.Path;

    public static string WriteGeoIpDatabase(string folder)
    {
        var path = Path.Combine(folder, "countries.mmdb");
        new MmdbWriter("GeoLite2-Country")
            .AddCountry("203.0.113.0/24", "GB", "United Kingdom")
            .AddCountry("198.51.100.0/24", "US", "United States")
            .AddCountry("192.0.2.0/24", "DE", "Germany")
            .AddCountry("2001:db8::/32", "FR", "France")
            .Write(path);
        return path;
    }

    public Task InitializeAsync()
    {
        Factory = new GatewayFactory(_data.Path, new Dictionary<string, string?>
        {
            ["Simp:Tracking:GeoIpDatabase"] = WriteGeoIpDatabase(_data.Path),
            ["Simp:Network:TrustedProxies:0"] = "127.0.0.1",
            ["Simp:Network:TrustedProxies:1"] = "::1",
            ["Simp:Storage:MaxFileSize"] = "1MB",
        });
        Factory.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
