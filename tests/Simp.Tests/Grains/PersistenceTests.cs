using Microsoft.Data.Sqlite;
using Simp.Grains.Catalog;
using Simp.Grains.Images;
using Simp.Grains.Views;
using Simp.Tests.Infrastructure;
using static Simp.Tests.Infrastructure.TestViews;

namespace Simp.Tests.Grains;

public sealed class PersistenceTests
{
    [Fact]
    public async Task State_SurvivesARestartOfTheCluster_OnTheSameSqliteFile()
    {
        // Arrange
        using var data = new TempFolder();
        var day = new DateTime(2025, 1, 15, 12, 0, 0, DateTimeKind.Utc);
        ImageDetails before;
        await using (var first = await SimpTestCluster.StartAsync(data.Path))
        {
            var reservation = await first.GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).ReserveUploadAsync(500, null);
            var image = first.GrainFactory.GetGrain<IImageGrain>(reservation.ImageId);
            await image.CreateAsync(new NewImage(Guid.NewGuid().ToString("D"), "a.gif", "gif", 500, day));
            await first.GrainFactory.GetGrain<IViewIngestGrain>(0).IngestAsync(Batch(View(reservation.ImageId, day, Germany), View(reservation.ImageId, day, Britain)));
            before = (await image.SetPrivacyAsync(PrivacyChange.Toggle))!;
            await first.StopAllSilosAsync();
        }

        // Act
        await using var second = await SimpTestCluster.StartAsync(data.Path);

        // Assert
        var after = await second.GrainFactory.GetGrain<IImageGrain>(before.Id).GetAsync();
        Assert.Equal(before, after);
        Assert.Equal(2, after!.Views);
        Assert.Equal(before.Id, await second.GrainFactory.GetGrain<IImageAliasGrain>(before.Uuid).GetImageIdAsync());
        Assert.Equal(new CatalogTotals(1, 1, 500), await second.GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).GetTotalsAsync());
        var traffic = second.GrainFactory.GetGrain<ITrafficGrain>(TrafficGrain.SingletonKey);
        Assert.Equal(2, await traffic.GetTotalViewsAsync());
        Assert.Equal(2, (await traffic.GetDailyAsync(DateOnly.FromDateTime(day), DateOnly.FromDateTime(day))).Single().Views);
        Assert.Equal(2, (await second.GrainFactory.GetGrain<IRecentViewsGrain>(RecentViewsGrain.SingletonKey).GetAsync(10)).Count);
        Assert.True(File.Exists(Path.Combine(data.Path, "simp.db")));
    }

    [Fact]
    public async Task Delete_RemovesTheImageItsAliasAndItsViewLog()
    {
        // Arrange
        using var data = new TempFolder();
        await using var cluster = await SimpTestCluster.StartAsync(data.Path);
        var uuid = Guid.NewGuid().ToString("D");
        var image = cluster.GrainFactory.GetGrain<IImageGrain>(7);
        await image.CreateAsync(new NewImage(uuid, "b.png", "png", 10, DateTime.UtcNow));
        await cluster.GrainFactory.GetGrain<IViewIngestGrain>(0).IngestAsync(Batch(View(7, DateTime.UtcNow, States)));

        // Act
        var removed = await image.DeleteAsync();

        // Assert
        Assert.NotNull(removed);
        Assert.Null(await image.GetAsync());
        Assert.Null(await cluster.GrainFactory.GetGrain<IImageAliasGrain>(uuid).GetImageIdAsync());
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(data.Path, "simp.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM view_log WHERE image_id = 7) + (SELECT COUNT(*) FROM images WHERE id = 7)";
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }
}
