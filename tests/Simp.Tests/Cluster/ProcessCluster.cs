using System.Net.Http.Json;
using System.Text.Json;
using Simp.Tests.Infrastructure;

namespace Simp.Tests.Cluster;

/// <summary>
/// A scaled deployment on loopback: silo processes joined through the PostgreSQL membership table
/// and gateway processes in client mode, all on one fresh database.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly TempFolder _folder = new("simp-processes");
    private readonly Dictionary<string, string?> _shared;
    private readonly List<SimpProcess> _processes = [];

    private ProcessCluster(Dictionary<string, string?> shared) => _shared = shared;

    public string ImagesPath => Path.Combine(_folder.Path, "images");

    public static async Task<ProcessCluster> CreateAsync()
    {
        var database = await TestDatabase.NewAsync(TestEngine.Postgres);
        var cluster = new ProcessCluster(new Dictionary<string, string?>(database)
        {
            ["Simp:Cluster:Mode"] = "adonet",
            ["Simp:Cluster:ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["Simp:Cluster:AdvertisedAddress"] = "127.0.0.1",

            // Declare a killed silo dead within seconds, and give up on calls to it soon after.
            ["Simp:Cluster:Membership:ProbeTimeout"] = "00:00:01",
            ["Simp:Cluster:Membership:NumMissedProbesLimit"] = "2",
            ["Simp:Cluster:Messaging:ResponseTimeout"] = "00:00:05",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        cluster._shared["Simp:Storage:ImagesPath"] = cluster.ImagesPath;
        return cluster;
    }

    public SimpProcess StartSilo(string name) => Start("Simp.Silo", name, new Dictionary<string, string?>
    {
        ["Simp:Cluster:SiloPort"] = FreePorts.Next().ToString(),
        ["Simp:Cluster:GatewayPort"] = FreePorts.Next().ToString(),
    });

    public async Task<(SimpProcess Process, GatewayClient Client)> StartGatewayAsync(string name)
    {
        var port = FreePorts.Next();
        var gateway = Start("Simp.Api", name, new Dictionary<string, string?>
        {
            ["Simp:Gateway:Mode"] = "client",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Simp:DataPath"] = Path.Combine(_folder.Path, "gateway-data"),
            ["Simp:Admin:Password"] = GatewayFactory.AdminPassword,
            ["Simp:UploadKey"] = GatewayFactory.UploadKey,
            ["Simp:Auth:SigningKey"] = "a signing key shared by every gateway of the test site",
            ["Simp:Auth:LoginAttemptsPerMinute"] = "100000",
            ["Simp:Views:FlushInterval"] = "00:00:00.100",
        });

        var client = new GatewayClient(new HttpClient(new HttpClientHandler { UseCookies = true })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(30),
        });
        await WaitUntilHealthyAsync(client.Http, gateway);
        await client.LoginAsync();
        return (gateway, client);
    }

    /// <summary>Reads the site's counters once the gateways have delivered what they hold.</summary>
    public static async Task<long> TotalViewsAsync(GatewayClient client)
        => (await client.Http.GetFromJsonAsync<JsonElement>("/api/stats/dashboard")).GetProperty("total_views").GetInt64();

    /// <summary>Polls until the dashboard shows <paramref name="expected"/> views or the deadline passes.</summary>
    public static async Task<long> WaitForTotalViewsAsync(GatewayClient client, long expected, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        long seen;
        while ((seen = await TotalViewsAsync(client)) < expected && DateTime.UtcNow < until)
        {
            await Task.Delay(250);
        }

        return seen;
    }

    public string Logs() => string.Join("\n", _processes.Select(process =>
        $"--- {process.Name} ---\n{string.Join("\n", File.ReadLines(process.LogPath).TakeLast(40))}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _folder.Dispose();
    }

    private SimpProcess Start(string project, string name, Dictionary<string, string?> own)
    {
        var settings = new Dictionary<string, string?>(_shared);
        foreach (var (key, value) in own)
        {
            settings[key] = value;
        }

        var process = SimpProcess.Start(project, name, _folder.Path, settings);
        _processes.Add(process);
        return process;
    }

    private static async Task WaitUntilHealthyAsync(HttpClient http, SimpProcess gateway)
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < until && !gateway.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{gateway.Name} did not become healthy; see {gateway.LogPath}");
    }
}
