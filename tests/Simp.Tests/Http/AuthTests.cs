using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Simp.Tests.Infrastructure;

namespace Simp.Tests.Http;

[Collection(GatewayCollection.Name)]
public sealed class AuthTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Login_RightCredentials_ReturnsUsernameAndSetsTheFourCookies()
    {
        using var client = fixture.Factory.CreateGatewayClient();

        using var response = await client.LoginAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"username":"admin"}""", await response.Content.ReadAsStringAsync());
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        foreach (var name in new[] { "access_token", "refresh_token", "upload_key" })
        {
            Assert.Contains(cookies, cookie => cookie.StartsWith(name + "=") && cookie.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        }

        Assert.Contains(cookies, cookie => cookie.StartsWith("csrf_token=") && !cookie.Contains("httponly", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("admin", "wrong password")]
    [InlineData("root", GatewayFactory.AdminPassword)]
    public async Task Login_WrongCredentials_Returns401(string username, string password)
    {
        using var client = fixture.Factory.CreateGatewayClient();

        using var response = await client.LoginAsync(username, password);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid credentials", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"username":"admin"}""")]
    public async Task Login_BadBody_Returns400(string body)
    {
        using var client = fixture.Factory.CreateGatewayClient();

        using var response = await client.Http.PostAsync("/api/login", new StringContent(body, MediaTypeHeaderValue.Parse("application/json")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Verify_WithoutSession_Returns401_AndWithSession_ReturnsUsername()
    {
        using var client = fixture.Factory.CreateGatewayClient();

        using var anonymous = await client.Http.GetAsync("/api/verify");
        await client.LoginAsync();
        var verified = await client.GetJsonAsync("/api/verify");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Not authenticated", (await anonymous.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal("admin", verified.GetProperty("username").GetString());
    }

    [Fact]
    public async Task Refresh_RotatesTheToken_AndTheReplacedTokenNoLongerWorks()
    {
        using var client = fixture.Factory.CreateGatewayClient();
        using var login = await client.LoginAsync();
        var firstRefresh = GatewayClient.CookieValue(login, "refresh_token");

        using var refreshed = await client.Http.PostAsync("/api/refresh", null);
        var body = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        var secondRefresh = GatewayClient.CookieValue(refreshed, "refresh_token");

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal("admin", body.GetProperty("username").GetString());
        Assert.Equal(GatewayClient.CookieValue(refreshed, "csrf_token"), body.GetProperty("csrf_token").GetString());
        Assert.NotEqual(firstRefresh, secondRefresh);

        // A stolen copy of the first token is refused, and ends the session it belonged to.
        using var replay = new HttpRequestMessage(HttpMethod.Post, "/api/refresh");
        replay.Headers.Add("Cookie", $"refresh_token={firstRefresh}");
        using var thief = fixture.Factory.CreatePlainClient();
        using var replayed = await thief.SendAsync(replay);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        using var afterReplay = await client.Http.PostAsync("/api/refresh", null);
        Assert.Equal(HttpStatusCode.Unauthorized, afterReplay.StatusCode);
    }

    [Fact]
    public async Task Logout_ClearsTheSession()
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();

        using var logout = await client.Http.PostAsync("/api/logout", null);
        using var refresh = await client.Http.PostAsync("/api/refresh", null);
        using var verify = await client.Http.GetAsync("/api/verify");

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.True((await logout.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("message", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, verify.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token")]
    public async Task StateChange_WithoutTheSessionsCsrfToken_Returns403(string? csrf)
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();
        var image = await client.UploadAsync(TestImages.Png(), "csrf.png");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/privacy/{image.GetProperty("id")}");
        if (csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", csrf);
        }

        using var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("""{"error":"Invalid CSRF token"}""", await response.Content.ReadAsStringAsync());
        Assert.False((await client.GetJsonAsync($"/api/images/{image.GetProperty("id")}")).GetProperty("isPrivate").GetBoolean());
    }

    [Fact]
    public async Task BearerToken_AuthenticatesApiCalls()
    {
        using var browser = fixture.Factory.CreateGatewayClient();
        using var login = await browser.LoginAsync();
        using var api = BearerClient(login, "access_token");

        using var response = await api.GetAsync("/api/stats/dashboard");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RefreshToken_IsNotAcceptedAsAnAccessToken()
    {
        using var browser = fixture.Factory.CreateGatewayClient();
        using var login = await browser.LoginAsync();
        using var api = BearerClient(login, "refresh_token");

        using var response = await api.GetAsync("/api/verify");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Logout_EndsTheSessionsAccessTokens()
    {
        using var browser = fixture.Factory.CreateGatewayClient();
        using var login = await browser.LoginAsync();
        using var api = BearerClient(login, "access_token");
        using var before = await api.GetAsync("/api/verify");

        using var logout = await browser.Http.PostAsync("/api/logout", null);
        using var after = await api.GetAsync("/api/verify");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task ReplayedRefreshToken_EndsTheSessionsAccessTokens()
    {
        using var browser = fixture.Factory.CreateGatewayClient();
        using var login = await browser.LoginAsync();
        var stolen = GatewayClient.CookieValue(login, "refresh_token");
        using var api = BearerClient(login, "access_token");
        using var before = await api.GetAsync("/api/verify");

        using var rotated = await browser.Http.PostAsync("/api/refresh", null);
        using var replay = new HttpRequestMessage(HttpMethod.Post, "/api/refresh");
        replay.Headers.Add("Cookie", $"refresh_token={stolen}");
        using var thief = fixture.Factory.CreatePlainClient();
        using var replayed = await thief.SendAsync(replay);
        using var after = await api.GetAsync("/api/verify");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Logout_WithOnlyABearerToken_EndsThatSession()
    {
        using var browser = fixture.Factory.CreateGatewayClient();
        using var login = await browser.LoginAsync();
        using var api = BearerClient(login, "access_token");

        using var logout = await api.PostAsync("/api/logout", null);
        using var after = await api.GetAsync("/api/verify");
        using var refresh = await browser.Http.PostAsync("/api/refresh", null);

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task SessionCookie_StillCounts_BesideAnAuthorizationHeaderOfAnotherScheme()
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/verify");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "YTpi");

        using var response = await client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A client without cookies that sends one of a login's tokens as its Bearer header.</summary>
    private HttpClient BearerClient(HttpResponseMessage login, string tokenCookie)
    {
        var api = fixture.Factory.CreatePlainClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayClient.CookieValue(login, tokenCookie));
        return api;
    }
}
