using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Simp.Tests.Infrastructure;

namespace Simp.Tests.Http;

[Collection(GatewayCollection.Name)]
public sealed class SiteTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Config_IsPublic_AndReportsTrackingAndTheFileLimit()
    {
        using var client = fixture.Factory.CreatePlainClient();

        var config = await client.GetFromJsonAsync<JsonElement>("/api/config");

        Assert.Equal("""{"enable_ip_tracking":true,"max_file_size":1048576}""", config.GetRawText());
    }

    [Fact]
    public async Task Healthz_AnswersHealthyWhileTheClusterServes()
    {
        using var client = fixture.Factory.CreatePlainClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/stats/dashboard")]
    [InlineData("/api/stats/views")]
    [InlineData("/api/stats/country-views")]
    [InlineData("/api/stats/recent-views")]
    [InlineData("/api/stats/disk-usage")]
    [InlineData("/api/stats/1")]
    [InlineData("/api/list")]
    public async Task StatsEndpoints_WithoutSession_Return401(string path)
    {
        using var client = fixture.Factory.CreatePlainClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":"Not authenticated"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/stats/views?days=0")]
    [InlineData("/api/stats/views?days=1000")]
    [InlineData("/api/stats/recent-views?limit=0")]
    [InlineData("/api/stats/1?limit=5000")]
    public async Task StatsEndpoints_OutOfRangeParameters_Return400(string path)
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();

        using var response = await client.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/stats/views?days=abc", HttpStatusCode.BadRequest)]
    [InlineData("/api/stats/recent-views?limit=99999999999", HttpStatusCode.BadRequest)]
    [InlineData("/api/stats/1?before=abc", HttpStatusCode.BadRequest)]
    [InlineData("/api/list?to=9999-12-31", HttpStatusCode.OK)]
    [InlineData("/api/nonexistent", HttpStatusCode.NotFound)]
    public async Task OddRequests_GetTheContractsErrorShape_NeverAServerError(string path, HttpStatusCode expected)
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();

        using var response = await client.Http.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _));
        }
    }

    [Fact]
    public async Task WrongMethod_Returns405WithAnErrorBody()
    {
        using var client = fixture.Factory.CreatePlainClient();

        using var response = await client.GetAsync("/api/login");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("""{"error":"Method Not Allowed"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Simp:Gateway:FileCacheSize", "lots")]
    [InlineData("Simp:Gateway:FileCacheSize", "5IB")]
    [InlineData("Simp:Storage:MaxFileSize", "10 apples")]
    public async Task UnreadableSize_StopsTheStart_NamingTheKey(string key, string value)
    {
        using var data = new TempFolder();
        await using var factory = new GatewayFactory(data.Path, new Dictionary<string, string?> { [key] = value });

        var refused = Assert.Throws<OptionsValidationException>(factory.StartServer);

        Assert.Contains(key, refused.Message);
    }

    [Fact]
    public async Task Upload_BeyondTheStorageLimit_Returns400AndKeepsEarlierImages()
    {
        using var data = new TempFolder();
        await using var factory = new GatewayFactory(data.Path, new Dictionary<string, string?> { ["Simp:Storage:MaxStorage"] = "4KB" });
        factory.StartServer();
        using var client = factory.CreateGatewayClient();
        var picture = TestImages.Jpeg(48, 48);
        var stored = 0L;

        HttpResponseMessage? refused = null;
        for (var attempt = 0; attempt < 20 && refused is null; attempt++)
        {
            var response = await client.PostUploadAsync(picture, $"fill{attempt}.jpg");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                stored += picture.Length;
            }
            else
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("Storage limit reached", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.True(stored <= 4096 && stored + picture.Length > 4096);
        await client.LoginAsync();
        Assert.Equal(stored / picture.Length, (await client.GetJsonAsync("/api/stats/dashboard")).GetProperty("total_images").GetInt64());
    }

    [Fact]
    public async Task Upload_BeyondTheRequestLimit_WithTheKeyInTheForm_Returns400SayingSo()
    {
        using var data = new TempFolder();
        await using var factory = new GatewayFactory(data.Path, new Dictionary<string, string?> { ["Simp:Storage:MaxFileSize"] = "16KB" });
        factory.StartServer();
        using var client = factory.CreateGatewayClient();

        // Past the server's request limit: the largest file and 1 MB for the form around it.
        using var refused = await client.PostUploadAsync(new byte[(1 << 20) + (64 << 10)], "huge.png");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("The upload is larger than allowed or not a valid form",
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task ClientErrors_AreAnswered_WithoutAnErrorInTheLog()
    {
        using var data = new TempFolder();
        var logs = new FakeLogCollector();
        await using var factory = new GatewayFactory(data.Path, services: services =>
            services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs)));
        factory.StartServer();
        using var client = factory.CreateGatewayClient();
        using var login = await client.LoginAsync();
        var (token, csrf) = (GatewayClient.CookieValue(login, "access_token"), GatewayClient.CookieValue(login, "csrf_token"));

        // A chunked body whose chunk size is not a number: the server fails the body's read.
        var status = await SendRawAsync(factory.ServerAddress,
            "POST /api/privacy/1 HTTP/1.1\r\nHost: localhost\r\n" +
            $"Cookie: access_token={token}\r\nX-CSRF-Token: {csrf}\r\n" +
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n");

        Assert.Equal("HTTP/1.1 400 Bad Request", status);
        Assert.DoesNotContain(logs.GetSnapshot(), record => record.Level >= LogLevel.Error);
    }

    /// <summary>Sends bytes no HTTP client library would; returns the response's status line.</summary>
    private static async Task<string> SendRawAsync(Uri server, string request)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));

        using var reader = new StreamReader(stream);
        return await reader.ReadLineAsync() ?? "";
    }
}
