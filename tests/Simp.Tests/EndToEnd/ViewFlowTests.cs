using System.Net;
using System.Text.Json;
using Simp.Tests.GeoIp;
using Simp.Tests.Infrastructure;

namespace Simp.Tests.EndToEnd;

/// <summary>
/// A whole site on a fresh data folder: real pictures uploaded, viewed by visitors from several
/// countries through a trusted proxy, every stats endpoint checked against the known traffic, and
/// the counts read again after the gateway restarts on the same folder.
/// </summary>
public sealed class ViewFlowTests
{
    private static readonly (string Address, string Code, string Name)[] Visitors =
    [
        ("203.0.113.10", "GB", "United Kingdom"),
        ("203.0.113.11", "GB", "United Kingdom"),
        ("198.51.100.20", "US", "United States"),
        ("2001:db8::5", "FR", "France"),
        ("10.9.8.7", "unknown", "Unknown"),
    ];

    [Fact]
    public async Task ViewsThroughTrustedProxy_FillEveryStatsEndpoint_AndSurviveARestart()
    {
        using var data = new TempFolder("simp-e2e");
        var settings = new Dictionary<string, string?>
        {
            ["Simp:Tracking:GeoIpDatabase"] = GatewayFixture.WriteGeoIpDatabase(data.Path),
            ["Simp:Network:TrustedProxies:0"] = "127.0.0.0/8",
            ["Simp:Storage:MaxStorage"] = "200MB",
        };

        // Arrange: three real pictures
        var factory = new GatewayFactory(data.Path, settings);
        factory.StartServer();
        using var client = factory.CreateGatewayClient();
        await client.LoginAsync();
        var png = await client.UploadAsync(TestImages.Png(), "a.png");
        var jpeg = await client.UploadAsync(TestImages.Jpeg(), "b.jpg");
        var gif = await client.UploadAsync(TestImages.Gif(), "c.gif");
        var totalBytes = new[] { png, jpeg, gif }.Sum(image => image.GetProperty("size").GetInt64());

        // Act: the PNG is seen by all five visitors twice, the JPEG by the first two once, the GIF never
        foreach (var round in Enumerable.Range(0, 2))
        {
            foreach (var visitor in Visitors)
            {
                Assert.Equal(HttpStatusCode.OK, await client.ViewAsync(Url(png), visitor.Address, $"agent-{round}"));
            }
        }

        Assert.Equal(HttpStatusCode.OK, await client.ViewAsync(Url(jpeg), Visitors[0].Address));
        Assert.Equal(HttpStatusCode.OK, await client.ViewAsync(Url(jpeg), Visitors[1].Address));
        await factory.FlushViewsAsync();

        // Assert
        await AssertStatsAsync(client, png, jpeg, totalBytes);

        await factory.DisposeAsync();
        await using var restarted = new GatewayFactory(data.Path, settings);
        restarted.StartServer();
        using var afterRestart = restarted.CreateGatewayClient();
        await afterRestart.LoginAsync();
        await AssertStatsAsync(afterRestart, png, jpeg, totalBytes);
    }

    [Fact]
    public async Task GracefulStop_DeliversBufferedViewsBeforeTheSiloStops()
    {
        using var data = new TempFolder("simp-e2e");
        var settings = new Dictionary<string, string?> { ["Simp:Views:FlushInterval"] = "00:01:00" };
        var factory = new GatewayFactory(data.Path, settings);
        factory.StartServer();
        using var client = factory.CreateGatewayClient();
        var image = await client.UploadAsync(TestImages.Png(), "late.png");

        // The flush interval is a minute, so these views are still buffered when the gateway stops.
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await client.ViewAsync(Url(image)));
        }

        await factory.DisposeAsync();

        await using var restarted = new GatewayFactory(data.Path, settings);
        restarted.StartServer();
        using var after = restarted.CreateGatewayClient();
        await after.LoginAsync();
        Assert.Equal(7, (await after.GetJsonAsync("/api/stats/dashboard")).GetProperty("total_views").GetInt64());
        Assert.Equal(7, (await after.GetJsonAsync($"/api/images/{image.GetProperty("id")}")).GetProperty("views").GetInt64());
    }

    [Fact]
    public async Task TrackingOff_StoresNoAddress_ButStillCountsAndLocates()
    {
        using var data = new TempFolder("simp-e2e");
        await using var factory = new GatewayFactory(data.Path, new Dictionary<string, string?>
        {
            ["Simp:Tracking:Enabled"] = "false",
            ["Simp:Tracking:GeoIpDatabase"] = GatewayFixture.WriteGeoIpDatabase(data.Path),
            ["Simp:Network:TrustedProxies:0"] = "127.0.0.1",
        });
        factory.StartServer();
        using var client = factory.CreateGatewayClient();
        await client.LoginAsync();
        var image = await client.UploadAsync(TestImages.Png(), "quiet.png");

        await client.ViewAsync(Url(image), "203.0.113.50");
        await factory.FlushViewsAsync();

        var config = await client.GetJsonAsync("/api/config");
        var view = (await client.GetJsonAsync($"/api/stats/{image.GetProperty("id")}")).GetProperty("views")[0];
        Assert.False(config.GetProperty("enable_ip_tracking").GetBoolean());
        Assert.Equal("IP Tracking disabled", view.GetProperty("ip").GetString());
        Assert.Equal("GB", view.GetProperty("country_code").GetString());
        Assert.False(DatabaseFilesContain(data.Path, "203.0.113.50"));
    }

    [Fact]
    public async Task ForwardedFor_FromAnUntrustedPeer_IsIgnored()
    {
        using var data = new TempFolder("simp-e2e");
        await using var factory = new GatewayFactory(data.Path);
        factory.StartServer();
        using var client = factory.CreateGatewayClient();
        await client.LoginAsync();
        var image = await client.UploadAsync(TestImages.Png(), "direct.png");

        await client.ViewAsync(Url(image), "203.0.113.50");
        await factory.FlushViewsAsync();

        var view = (await client.GetJsonAsync($"/api/stats/{image.GetProperty("id")}")).GetProperty("views")[0];
        Assert.Equal("127.0.0.1", view.GetProperty("ip").GetString());
    }

    private static async Task AssertStatsAsync(GatewayClient client, JsonElement png, JsonElement jpeg, long totalBytes)
    {
        var dashboard = await client.GetJsonAsync("/api/stats/dashboard");
        Assert.Equal("""{"private_images":0,"total_images":3,"total_views":12}""", dashboard.GetRawText());

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var days = (await client.GetJsonAsync("/api/stats/views")).EnumerateArray().ToList();
        Assert.Equal(30, days.Count);
        Assert.Equal(["date", "views"], days[^1].EnumerateObject().Select(p => p.Name));
        Assert.Equal(today, days[^1].GetProperty("date").GetString());
        Assert.Equal(12, days.Sum(day => day.GetProperty("views").GetInt64()));

        var countries = (await client.GetJsonAsync("/api/stats/country-views")).EnumerateArray()
            .Select(row => (row.GetProperty("country").GetString(), row.GetProperty("code").GetString(),
                row.GetProperty("views").GetInt64(), row.GetProperty("percentage").GetDouble()))
            .ToList();
        Assert.Equal(
            [("United Kingdom", "gb", 6L, 50.0), ("France", "fr", 2L, 16.67), ("United States", "us", 2L, 16.67), ("Unknown", "unknown", 2L, 16.67)],
            countries);

        var recent = (await client.GetJsonAsync("/api/stats/recent-views")).GetProperty("views").EnumerateArray().ToList();
        Assert.Equal(10, recent.Count);
        Assert.Equal(
            ["id", "imageId", "imageUuid", "ip", "country", "country_name", "country_code", "userAgent", "viewedAt"],
            recent[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(jpeg.GetProperty("uuid").GetString(), recent[0].GetProperty("imageUuid").GetString());
        Assert.Equal("203.0.113.11", recent[0].GetProperty("ip").GetString());
        Assert.Equal("GB", recent[0].GetProperty("country").GetString());

        var stats = await client.GetJsonAsync($"/api/stats/{png.GetProperty("id")}");
        Assert.Equal(["image", "views"], stats.EnumerateObject().Select(p => p.Name));
        Assert.Equal(10, stats.GetProperty("image").GetProperty("views").GetInt64());
        var history = stats.GetProperty("views").EnumerateArray().ToList();
        Assert.Equal(10, history.Count);
        Assert.Equal(["id", "image_id", "ip", "country_name", "country_code", "user_agent", "viewed_at"], history[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(Visitors.Reverse().Concat(Visitors.Reverse()).Select(v => v.Address), history.Select(v => v.GetProperty("ip").GetString()));
        Assert.Equal(Visitors.Reverse().Concat(Visitors.Reverse()).Select(v => v.Code), history.Select(v => v.GetProperty("country_code").GetString()));
        Assert.Equal("agent-1", history[0].GetProperty("user_agent").GetString());

        var disk = await client.GetJsonAsync("/api/stats/disk-usage");
        Assert.Equal(["app_storage", "free", "is_full_storage", "percentage", "storage_limit", "total", "used"], disk.EnumerateObject().Select(p => p.Name));
        Assert.Equal("200MB", disk.GetProperty("storage_limit").GetString());
        Assert.False(disk.GetProperty("is_full_storage").GetBoolean());
        Assert.Equal(0.1953125, disk.GetProperty("total").GetDouble(), 9);
        Assert.Equal(totalBytes / (double)(1 << 30), disk.GetProperty("used").GetDouble(), 12);
        Assert.Equal(totalBytes * 100.0 / (200 << 20), disk.GetProperty("percentage").GetDouble(), 9);
    }

    private static string Url(JsonElement image) => image.GetProperty("url").GetString()!;

    // Whatever the layout of the stored views, an address kept anywhere would show as its text in
    // the database file or its write-ahead log.
    private static bool DatabaseFilesContain(string dataPath, string text)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        return Directory.GetFiles(dataPath, "simp.db*")
            .Any(file => File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0);
    }
}
