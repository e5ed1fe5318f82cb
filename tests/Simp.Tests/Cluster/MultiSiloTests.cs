using Orleans.Runtime;
using Simp.Grains.Images;
using Simp.Grains.Views;
using Simp.Tests.Infrastructure;
using static Simp.Tests.Infrastructure.TestViews;

namespace Simp.Tests.Cluster;

/// <summary>Three silos on one PostgreSQL database: grains spread over them, and silos come and go under load.</summary>
public sealed class MultiSiloTests
{
    private const int Images = 30;

    [Fact]
    public async Task TotalsStayExact_WhileSilosAreStoppedAndStarted()
    {
        // Arrange
        using var data = new TempFolder();
        await using var cluster = await SimpTestCluster.StartAsync(data.Path, await TestDatabase.NewAsync(TestEngine.Postgres), silos: 3);
        var ids = Enumerable.Range(1, Images).Select(id => (long)id).ToList();
        foreach (var id in ids)
        {
            await cluster.GrainFactory.GetGrain<IImageGrain>(id).CreateAsync(new NewImage(Guid.NewGuid().ToString("D"), "m.png", "png", 1, DateTime.UtcNow));
        }

        var sent = new Dictionary<long, long>();
        var random = new Random(42);

        // Act: 40 batches; after every tenth a secondary silo stops and a fresh one joins
        for (var round = 0; round < 40; round++)
        {
            var views = Enumerable.Range(0, 50)
                .Select(_ => View(ids[random.Next(ids.Count)], DateTime.UtcNow, random.Next(2) == 0 ? Britain : States))
                .ToArray();
            await IngestUntilAcceptedAsync(cluster.GrainFactory, Batch(views));
            foreach (var view in views)
            {
                sent[view.ImageId] = sent.GetValueOrDefault(view.ImageId) + 1;
            }

            if (round % 10 == 9)
            {
                await cluster.StopSiloAsync(cluster.SecondarySilos[0]);
                await cluster.StartAdditionalSiloAsync();
            }
        }

        // Assert
        foreach (var id in ids)
        {
            Assert.Equal(sent.GetValueOrDefault(id), (await cluster.GrainFactory.GetGrain<IImageGrain>(id).GetAsync())!.Views);
        }

        var hosts = await ActivationHostsAsync(cluster.GrainFactory);
        Assert.True(hosts.Count >= 2, $"image grains ran on {hosts.Count} silo(s)");

        Assert.Equal(40 * 50, await cluster.GrainFactory.GetGrain<ITrafficGrain>(TrafficGrain.SingletonKey).GetTotalViewsAsync());
    }

    /// <summary>Sends a batch as a gateway does: again with the same id until one attempt succeeds.</summary>
    private static async Task IngestUntilAcceptedAsync(IGrainFactory grains, ViewBatch batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grains.GetGrain<IViewIngestGrain>(0).IngestAsync(batch);
                return;
            }
            catch (Exception) when (attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }

    private static async Task<HashSet<SiloAddress>> ActivationHostsAsync(IGrainFactory grains)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return [.. statistics.Where(activation => activation.GrainType.Contains(nameof(ImageGrain))).Select(activation => activation.SiloAddress)];
    }
}
