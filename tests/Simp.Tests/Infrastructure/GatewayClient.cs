using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Simp.Tests.Infrastructure;

/// <summary>An HTTP client of the gateway with the steps tests repeat: log in, upload, read JSON.</summary>
public sealed class GatewayClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    /// <summary>The CSRF token of the last login or refresh.</summary>
    public string CsrfToken { get; private set; } = "";

    public async Task<HttpResponseMessage> LoginAsync(string username = "admin", string password = GatewayFactory.AdminPassword)
    {
        var response = await Http.PostAsJsonAsync("/api/login", new { username, password });
        CsrfToken = CookieValue(response, "csrf_token") ?? CsrfToken;
        return response;
    }

    public async Task<JsonElement> UploadAsync(byte[] content, string fileName, string field = "file", string key = GatewayFactory.UploadKey)
    {
        using var response = await PostUploadAsync(content, fileName, field, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> PostUploadAsync(byte[] content, string fileName, string field = "file", string? key = GatewayFactory.UploadKey)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, field, fileName);
        if (key is not null)
        {
            form.Add(new StringContent(key), "key");
        }

        return Http.PostAsync("/api/upload", form);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A state-changing request carrying the session's CSRF token.</summary>
    public Task<HttpResponseMessage> SendWithCsrfAsync(HttpMethod method, string path, HttpContent? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body };
        request.Headers.Add("X-CSRF-Token", CsrfToken);
        return Http.SendAsync(request);
    }

    /// <summary>Views an image as a visitor behind the trusted proxy at the given address.</summary>
    public async Task<HttpStatusCode> ViewAsync(string url, string? forwardedFor = null, string userAgent = "test-browser/1.0")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        request.Headers.UserAgent.ParseAdd(userAgent);
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    public static string? CookieValue(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(cookie => cookie.Split(';')[0]).Where(pair => pair.StartsWith(name + "=", StringComparison.Ordinal))
                .Select(pair => pair[(name.Length + 1)..]).FirstOrDefault()
            : null;

    public void Dispose() => Http.Dispose();
}
