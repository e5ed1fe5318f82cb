using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Simp.Api.Stats;
using Simp.Tests.Infrastructure;

namespace Simp.Tests.Http;

[Collection(GatewayCollection.Name)]
public sealed class ImagesTests(GatewayFixture fixture)
{
    private static readonly string[] ImageObjectFields =
        ["id", "uuid", "filename", "extension", "size", "uploadedAt", "isPrivate", "privateKey", "views"];

    [Theory]
    [InlineData("file", "photo.png")]
    [InlineData("img", "photo.jpg")]
    [InlineData("file", "anim.gif")]
    public async Task Upload_RealImage_ReturnsTheImageWithItsLinks(string field, string fileName)
    {
        using var client = fixture.Factory.CreateGatewayClient();
        var content = fileName.EndsWith(".png") ? TestImages.Png() : fileName.EndsWith(".jpg") ? TestImages.Jpeg() : TestImages.Gif();

        var image = await client.UploadAsync(content, fileName, field);

        Assert.Equal([.. ImageObjectFields, "url", "full_link"], image.EnumerateObject().Select(p => p.Name));
        Assert.Equal(fileName, image.GetProperty("filename").GetString());
        Assert.Equal(Path.GetExtension(fileName)[1..], image.GetProperty("extension").GetString());
        Assert.Equal(content.Length, image.GetProperty("size").GetInt64());
        var url = image.GetProperty("url").GetString()!;
        Assert.Equal($"/{image.GetProperty("uuid").GetString()}.{image.GetProperty("extension").GetString()}", url);
        Assert.EndsWith(url, image.GetProperty("full_link").GetString());
        Assert.Equal(content, await client.Http.GetByteArrayAsync(url));
    }

    [Theory]
    [InlineData("X-Upload-Key")]
    [InlineData("Authorization")]
    public async Task Upload_KeyInAHeader_IsAccepted(string header)
    {
        using var client = fixture.Factory.CreatePlainClient();
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png()), "file", "h.png" } };
        client.DefaultRequestHeaders.TryAddWithoutValidation(header, GatewayFactory.UploadKey);

        using var response = await client.PostAsync("/api/upload", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Upload_WithTheLoginCookieOnly_IsAccepted()
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();

        using var response = await client.PostUploadAsync(TestImages.Png(), "cookie.png", key: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Upload_WithoutTheRightKey_Returns401(string? key)
    {
        using var client = fixture.Factory.CreateGatewayClient();

        using var response = await client.PostUploadAsync(TestImages.Png(), "nokey.png", key: key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _));
    }

    [Theory]
    [InlineData("notes.txt", "png")]
    [InlineData("fake.png", "jpeg")]
    [InlineData("fake.jpg", "text")]
    [InlineData("big.png", "huge")]
    [InlineData("empty.png", "empty")]
    public async Task Upload_BadFile_Returns400AndStoresNothing(string fileName, string contentKind)
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();
        var before = (await client.GetJsonAsync("/api/stats/dashboard")).GetProperty("total_images").GetInt64();
        var content = contentKind switch
        {
            "png" => TestImages.Png(),
            "jpeg" => TestImages.Jpeg(),
            "huge" => [.. TestImages.Png(), .. new byte[3 << 19]],
            "empty" => [],
            _ => "just some text, not an image"u8.ToArray(),
        };

        using var response = await client.PostUploadAsync(content, fileName);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _));
        Assert.Equal(before, (await client.GetJsonAsync("/api/stats/dashboard")).GetProperty("total_images").GetInt64());
    }

    [Fact]
    public async Task GetImage_ByIdAndByUuid_ReturnsTheSameImage_AndUnknownIs404()
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();
        var uploaded = await client.UploadAsync(TestImages.Png(), "get.png");

        var byId = await client.GetJsonAsync($"/api/images/{uploaded.GetProperty("id")}");
        var byUuid = await client.GetJsonAsync($"/api/images/{uploaded.GetProperty("uuid").GetString()}");
        using var missing = await client.Http.GetAsync($"/api/images/{Guid.NewGuid()}");
        using var anonymous = await fixture.Factory.CreatePlainClient().GetAsync($"/api/images/{uploaded.GetProperty("id")}");

        Assert.Equal(uploaded.GetProperty("uuid").GetString(), byId.GetProperty("uuid").GetString());
        Assert.Equal(byId.GetRawText(), byUuid.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("""{"error":"Image not found"}""", await missing.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Delete_RemovesImageAndFile_AndSecondDeleteIs404()
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();
        var uploaded = await client.UploadAsync(TestImages.Gif(), "gone.gif");
        var uuid = uploaded.GetProperty("uuid").GetString()!;
        var url = uploaded.GetProperty("url").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await client.ViewAsync(url));

        using var deleted = await client.SendWithCsrfAsync(HttpMethod.Delete, $"/api/delete/{uuid}");
        using var again = await client.SendWithCsrfAsync(HttpMethod.Delete, $"/api/delete/{uuid}");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var body = await deleted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.True(body.TryGetProperty("message", out _));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await client.ViewAsync(url));
        Assert.False(File.Exists(Path.Combine(fixture.DataPath, "images", $"{uuid}.gif")));
    }

    [Fact]
    public async Task List_FiltersByTypeAndPages()
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();
        var gifs = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            gifs.Add((await client.UploadAsync(TestImages.Gif(), $"list{i}.gif")).GetProperty("id").GetInt64());
        }

        var firstPage = await client.GetJsonAsync("/api/list?type=gif&limit=2&page=1");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var todayOnly = await client.GetJsonAsync($"/api/list?type=gif&from={today}&to={today}&limit=100");
        var future = await client.GetJsonAsync("/api/list?from=2999-01-01");

        Assert.Equal(["images", "total", "page", "limit", "total_pages", "has_next", "has_previous"], firstPage.EnumerateObject().Select(p => p.Name));
        var ids = firstPage.GetProperty("images").EnumerateArray().Select(image => image.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(2, ids.Count);
        Assert.True(ids[0] > ids[1], "newest first");
        Assert.All(firstPage.GetProperty("images").EnumerateArray(), image => Assert.Equal("gif", image.GetProperty("extension").GetString()));
        Assert.True(firstPage.GetProperty("has_next").GetBoolean());
        Assert.False(firstPage.GetProperty("has_previous").GetBoolean());
        Assert.Subset(todayOnly.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToHashSet(), gifs.ToHashSet());
        Assert.Equal(0, future.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("limit=1000")]
    [InlineData("from=yesterday")]
    [InlineData("type=exe")]
    public async Task List_BadFilter_Returns400(string query)
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();

        using var response = await client.Http.GetAsync($"/api/list?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ShareLink_ServesTheUploadedBytes_OnEveryRequest()
    {
        using var client = fixture.Factory.CreateGatewayClient();
        var content = TestImages.Jpeg();
        var url = (await client.UploadAsync(content, "served.jpg")).GetProperty("url").GetString()!;

        // The first request reads the file from disk, later ones may be answered from memory.
        for (var request = 0; request < 3; request++)
        {
            using var response = await client.Http.GetAsync(url);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(content.Length, response.Content.Headers.ContentLength);
            Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
            Assert.NotNull(response.Content.Headers.LastModified);
            Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task ShareLink_RevalidatedByDate_Answers304WithoutTheBytes()
    {
        using var client = fixture.Factory.CreateGatewayClient();
        var url = (await client.UploadAsync(TestImages.Png(), "revalidated.png")).GetProperty("url").GetString()!;
        using var first = await client.Http.GetAsync(url);

        using var revalidation = new HttpRequestMessage(HttpMethod.Get, url);
        revalidation.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        using var answer = await client.Http.SendAsync(revalidation);

        Assert.Equal(HttpStatusCode.NotModified, answer.StatusCode);
        Assert.Empty(await answer.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ProxyAndHead_ServeTheBytes_WithoutCountingViews()
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();
        var uploaded = await client.UploadAsync(TestImages.Png(), "proxy.png");
        var url = uploaded.GetProperty("url").GetString()!;

        var proxied = await client.Http.GetByteArrayAsync($"/api/proxy{url}");
        using var head = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        await fixture.Factory.FlushViewsAsync();

        Assert.Equal(uploaded.GetProperty("size").GetInt64(), proxied.Length);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(0, (await client.GetJsonAsync($"/api/images/{uploaded.GetProperty("id")}")).GetProperty("views").GetInt64());
    }

    [Fact]
    public async Task PrivateImage_OpensOnlyWithTheKeyInItsLink()
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();
        var uploaded = await client.UploadAsync(TestImages.Png(), "secret.png");
        var id = uploaded.GetProperty("id").GetInt64();

        using var toggled = await client.SendWithCsrfAsync(HttpMethod.Post, $"/api/privacy/{id}");
        var privacy = await toggled.Content.ReadFromJsonAsync<JsonElement>();
        var privateUrl = (await client.GetJsonAsync($"/api/images/{id}")).GetProperty("url").GetString()!;

        Assert.Equal(["success", "is_private", "private_key"], privacy.EnumerateObject().Select(p => p.Name));
        Assert.True(privacy.GetProperty("is_private").GetBoolean());
        Assert.Contains("?key=", privateUrl);
        Assert.Equal(HttpStatusCode.NotFound, await client.ViewAsync(uploaded.GetProperty("url").GetString()!));
        Assert.Equal(HttpStatusCode.NotFound, await client.ViewAsync(uploaded.GetProperty("url").GetString() + "?key=d3Jvbmc="));
        Assert.Equal(HttpStatusCode.OK, await client.ViewAsync(privateUrl));
    }

    [Fact]
    public async Task Privacy_WithBody_SetsStateAndPassword_AndBadBodyIs400_AndUnknownIs404()
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();
        var id = (await client.UploadAsync(TestImages.Png(), "pw.png")).GetProperty("id").GetInt64();

        using var set = await client.SendWithCsrfAsync(HttpMethod.Post, $"/api/privacy/{id}", JsonContent.Create(new { isPrivate = true, password = "hunter2" }));
        using var bad = await client.SendWithCsrfAsync(HttpMethod.Post, $"/api/privacy/{id}", new StringContent("{\"isPrivate\": \"yes\"}"));
        using var missing = await client.SendWithCsrfAsync(HttpMethod.Post, "/api/privacy/999999999");

        var body = await set.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("is_private").GetBoolean());
        Assert.Equal("hunter2", body.GetProperty("private_key").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData(@"a\u0000b")]
    [InlineData(@"line\nbreak")]
    public async Task Privacy_WithAControlCharacterInThePassword_Is400_AndTheImageStaysAsItWas(string escapedPassword)
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();
        var id = (await client.UploadAsync(TestImages.Png(), "control.png")).GetProperty("id").GetInt64();

        using var refused = await client.SendWithCsrfAsync(HttpMethod.Post, $"/api/privacy/{id}",
            new StringContent($"{{\"isPrivate\": true, \"password\": \"{escapedPassword}\"}}"));
        var image = await client.GetJsonAsync($"/api/images/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(image.GetProperty("isPrivate").GetBoolean());
    }

    [Fact]
    public async Task Privacy_WithAnOversizedBody_Is413_AndTheImageStaysAsItWas()
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();
        var id = (await client.UploadAsync(TestImages.Png(), "big-body.png")).GetProperty("id").GetInt64();
        var padded = "{\"isPrivate\": true, \"password\": \"hunter2\"" + new string(' ', PrivacyApi.MaxBodyBytes) + "}";

        using var refused = await client.SendWithCsrfAsync(HttpMethod.Post, $"/api/privacy/{id}", new StringContent(padded));
        var error = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var image = await client.GetJsonAsync($"/api/images/{id}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetString()));
        Assert.False(image.GetProperty("isPrivate").GetBoolean());
    }

    [Fact]
    public async Task Privacy_WithABodySentInOneByteChunks_CountsOnlyTheBody()
    {
        using var client = fixture.Factory.CreateGatewayClient();
        await client.LoginAsync();
        var id = (await client.UploadAsync(TestImages.Png(), "chunked.png")).GetProperty("id").GetInt64();
        var body = "{\"isPrivate\": true, \"password\": \"hunter2\"}".PadRight(1000);

        using var set = await client.SendWithCsrfAsync(HttpMethod.Post, $"/api/privacy/{id}", new ByteAtATimeContent(body));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("hunter2", (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("private_key").GetString());
    }

    /// <summary>A body of unknown length, so it is sent chunked, written one byte per chunk.</summary>
    private sealed class ByteAtATimeContent(string text) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
            {
                await stream.WriteAsync(new[] { b });
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
