using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Simp.Tests.Infrastructure;

namespace Simp.Tests.Cluster;

/// <summary>
/// Two silo processes and a gateway process in client mode over PostgreSQL, on loopback. Views are
/// served while silos die or stop; afterwards every view a visitor received is counted exactly once.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class ProcessClusterTests
{
    private const int Images = 12;
    private const int Visitors = 8;

    [Fact]
    public async Task SiloKilledUnderLoad_EveryServedViewIsCountedExactlyOnce()
    {
        // Arrange
        await using var cluster = await ProcessCluster.CreateAsync();
        cluster.StartSilo("silo-a");
        var doomed = cluster.StartSilo("silo-b");
        var (_, client) = await cluster.StartGatewayAsync("gateway");
        var urls = await UploadAsync(client);

        // Act: load for 12 s; the second silo is killed outright 4 s in
        var served = await LoadAsync(client, urls, TimeSpan.FromSeconds(12), (TimeSpan.FromSeconds(4), () => doomed.Kill()));

        // Assert
        Assert.True(doomed.HasExited);
        var expected = served.Values.Sum();
        var counted = await ProcessCluster.WaitForTotalViewsAsync(client, expected, TimeSpan.FromSeconds(90));
        Assert.True(expected > 100, $"the load served only {expected} views\n{cluster.Logs()}");
        Assert.True(counted == expected, $"served {expected}, counted {counted}\n{cluster.Logs()}");
        await AssertPerImageCountsAsync(client, urls, served);

        // A retried batch arriving late must not add anything.
        await Task.Delay(2000);
        Assert.Equal(expected, await ProcessCluster.TotalViewsAsync(client));
    }

    [Fact]
    public async Task GracefulStopsOfASiloAndOfTheGateway_LoseNoView()
    {
        // Arrange
        await using var cluster = await ProcessCluster.CreateAsync();
        cluster.StartSilo("silo-a");
        var leaving = cluster.StartSilo("silo-b");
        var (gateway, client) = await cluster.StartGatewayAsync("gateway-1");
        var urls = await UploadAsync(client);

        // Act: a silo leaves under load, then the gateway stops right after a burst it still holds
        var first = await LoadAsync(client, urls, TimeSpan.FromSeconds(6), (TimeSpan.FromSeconds(2), () => leaving.StopAsync().Wait()));
        var second = await LoadAsync(client, urls, TimeSpan.FromSeconds(2));
        await gateway.StopAsync();
        var (_, replacement) = await cluster.StartGatewayAsync("gateway-2");

        // Assert
        var expected = first.Values.Sum() + second.Values.Sum();
        var counted = await ProcessCluster.WaitForTotalViewsAsync(replacement, expected, TimeSpan.FromSeconds(60));
        Assert.True(counted == expected, $"served {expected}, counted {counted}\n{cluster.Logs()}");
        var combined = urls.ToDictionary(url => url, url => first.GetValueOrDefault(url) + second.GetValueOrDefault(url));
        await AssertPerImageCountsAsync(replacement, urls, new ConcurrentDictionary<string, long>(combined));
    }

    [Fact]
    public async Task WithNoSiloLeft_SignedInRequests_Get503WithRetryAfter()
    {
        // Arrange
        await using var cluster = await ProcessCluster.CreateAsync();
        var silo = cluster.StartSilo("silo-a");
        var (_, client) = await cluster.StartGatewayAsync("gateway");

        // Act
        await silo.StopAsync();
        using var response = await client.Http.GetAsync("/api/stats/dashboard");

        // Assert
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}\n{cluster.Logs()}");
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
    }

    private static async Task<List<string>> UploadAsync(GatewayClient client)
    {
        var urls = new List<string>();
        for (var i = 0; i < Images; i++)
        {
            urls.Add((await client.UploadAsync(TestImages.Png(8 + i, 8), $"load{i}.png")).GetProperty("url").GetString()!);
        }

        return urls;
    }

    /// <summary>
    /// Views images from several visitors at once for <paramref name="duration"/> (and at most 50,000
    /// requests), running <paramref name="interruption"/> once on the way; returns the 200s per image.
    /// The interruption runs at its time or once half the requests are spent, whichever comes first,
    /// so that however fast the gateway serves, it meets load.
    /// </summary>
    private static async Task<ConcurrentDictionary<string, long>> LoadAsync(
        GatewayClient client, List<string> urls, TimeSpan duration, (TimeSpan At, Action Run)? interruption = null)
    {
        var served = new ConcurrentDictionary<string, long>();
        var clock = Stopwatch.StartNew();
        const int Requests = 50_000;
        var budget = Requests;

        var visitors = Enumerable.Range(0, Visitors).Select(visitor => Task.Run(async () =>
        {
            var random = new Random(visitor);
            while (clock.Elapsed < duration && Interlocked.Decrement(ref budget) >= 0)
            {
                var url = urls[random.Next(urls.Count)];
                try
                {
                    using var response = await client.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        served.AddOrUpdate(url, 1, (_, count) => count + 1);
                    }
                }
                catch (HttpRequestException)
                {
                    // The visitor saw no image, so there is no view to count.
                }
                catch (TaskCanceledException)
                {
                    // Likewise for a request that timed out.
                }
            }
        }));

        var interrupt = interruption is { } plan
            ? Task.Run(async () =>
            {
                while (clock.Elapsed < plan.At && Volatile.Read(ref budget) > Requests / 2)
                {
                    await Task.Delay(10);
                }

                plan.Run();
            })
            : Task.CompletedTask;

        await Task.WhenAll([.. visitors, interrupt]);
        return served;
    }

    private static async Task AssertPerImageCountsAsync(GatewayClient client, List<string> urls, ConcurrentDictionary<string, long> served)
    {
        var list = await client.GetJsonAsync("/api/list?limit=100");
        var counted = list.GetProperty("images").EnumerateArray().ToDictionary(
            image => image.GetProperty("url").GetString()!,
            image => image.GetProperty("views").GetInt64());

        Assert.Equal(urls.ToDictionary(url => url, url => served.GetValueOrDefault(url)), counted);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessClusterCollection
{
    public const string Name = "silo and gateway processes";
}
