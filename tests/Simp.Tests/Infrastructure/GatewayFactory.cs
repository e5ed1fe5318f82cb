using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Simp.Api.Views;

namespace Simp.Tests.Infrastructure;

/// <summary>
/// The real gateway program on Kestrel, bound to a loopback port, co-hosting its silo on SQLite in
/// the given data folder. Requests from tests travel over real HTTP.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "correct horse battery staple";
    public const string UploadKey = "test-upload-key-0123456789";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="dataPath">The gateway's data folder.</param>
    /// <param name="settings">Configuration over the test defaults.</param>
    /// <param name="services">Changes to the gateway's services, e.g. a logger provider to read its logs.</param>
    public GatewayFactory(string dataPath, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Simp:DataPath"] = dataPath,
            ["Simp:Admin:Password"] = AdminPassword,
            ["Simp:UploadKey"] = UploadKey,
            ["Simp:Cluster:SiloPort"] = FreePorts.Next().ToString(),
            ["Simp:Cluster:GatewayPort"] = FreePorts.Next().ToString(),
            ["Simp:Auth:LoginAttemptsPerMinute"] = "100000",
            ["Simp:Views:FlushInterval"] = "00:00:00.050",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel();
    }

    /// <summary>The address Kestrel bound, once the server has started.</summary>
    public Uri ServerAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Delivers every view the gateway has served so far, so stats can be read exactly.</summary>
    public Task FlushViewsAsync() => Services.GetRequiredService<ViewBuffer>().FlushAsync();

    /// <summary>A client that keeps cookies, talking to the gateway over loopback.</summary>
    public GatewayClient CreateGatewayClient() => new(CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = ServerAddress,
        HandleCookies = true,
        AllowAutoRedirect = false,
    }));

    /// <summary>A client without cookies, for requests that must carry only what the test gives them.</summary>
    public HttpClient CreatePlainClient() => new() { BaseAddress = ServerAddress };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }
}
