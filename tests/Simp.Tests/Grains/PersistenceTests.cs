using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Simp.Grains.Storage;
using Simp.Grains.Catalog;
using Simp.Grains.Images;
using Simp.Grains.Views;
using Simp.Silo.Database;
using Simp.Tests.Infrastructure;
using static Simp.Tests.Infrastructure.TestViews;

namespace Simp.Tests.Grains;

public sealed class SqlitePersistenceTests() : PersistenceTests(TestEngine.Sqlite);

public sealed class PostgresPersistenceTests() : PersistenceTests(TestEngine.Postgres);

/// <summary>Grain state and the project's tables across restarts and deletes, on each engine.</summary>
public abstract class PersistenceTests(TestEngine engine)
{
    [Fact]
    public async Task State_SurvivesARestartOfTheCluster()
    {
        // Arrange
        using var data = new TempFolder();
        var database = await TestDatabase.NewAsync(engine);
        var day = new DateTime(2025, 1, 15, 12, 0, 0, DateTimeKind.Utc);
        ImageDetails before;
        await using (var first = await SimpTestCluster.StartAsync(data.Path, database))
        {
            var reservation = await first.GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).ReserveUploadAsync(500, null);
            var image = first.GrainFactory.GetGrain<IImageGrain>(reservation.ImageId);
            await image.CreateAsync(new NewImage(Guid.NewGuid().ToString("D"), "a.gif", "gif", 500, day));
            await first.GrainFactory.GetGrain<IViewIngestGrain>(0).IngestAsync(Batch(View(reservation.ImageId, day, Germany), View(reservation.ImageId, day, Britain)));
            await image.SetPrivacyAsync(PrivacyChange.Toggle);
            before = (await image.GetAsync())!;
            await first.StopAllSilosAsync();
        }

        // Act
        await using var second = await SimpTestCluster.StartAsync(data.Path, database);

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
    }

    [Fact]
    public async Task Delete_RemovesTheImageItsAliasAndItsViewLog()
    {
        // Arrange
        using var data = new TempFolder();
        await using var cluster = await SimpTestCluster.StartAsync(data.Path, await TestDatabase.NewAsync(engine));
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
        var services = cluster.PrimaryServices();
        Assert.Empty(await services.GetRequiredService<IViewLog>().ReadAsync(7, 10, null));
        Assert.Equal(0, (await services.GetRequiredService<IImageIndex>().QueryAsync(new ImageQuery(null, null, null, 1, 10))).Total);
    }

    [Fact]
    public async Task ViewLog_SameBatchTwice_IsRecordedOnceWithItsCounters()
    {
        // Arrange
        using var data = new TempFolder();
        await using var cluster = await SimpTestCluster.StartAsync(data.Path, await TestDatabase.NewAsync(engine));
        await cluster.GrainFactory.GetGrain<IImageGrain>(9).CreateAsync(new NewImage(Guid.NewGuid().ToString("D"), "c.png", "png", 1, DateTime.UtcNow));
        var log = cluster.PrimaryServices().GetRequiredService<IViewLog>();
        var day = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);
        var batch = Batch(View(9, day, Britain), View(9, day.AddHours(23), Germany));

        // Act
        var first = await log.AppendAsync(batch);
        var second = await log.AppendAsync(batch);

        // Assert
        Assert.True(first);
        Assert.False(second);
        Assert.Equal(2, (await cluster.GrainFactory.GetGrain<IImageGrain>(9).GetAsync())!.Views);
        Assert.Equal(2, (await log.ReadDailyAsync(DateOnly.FromDateTime(day), DateOnly.FromDateTime(day))).Single().Views);
        Assert.Equal(2, await log.ReadTotalAsync());
        Assert.Equal(["DE", "GB"], (await log.ReadCountriesAsync()).Select(country => country.Country.Code).Order());
        Assert.Equal(2, (await log.ReadAsync(9, 10, null)).Count);
    }
    [Fact]
    public async Task GrainState_IsWrittenInTurns_OnlyOnAnEngineWithOneWriter()
    {
        using var data = new TempFolder();
        await using var cluster = await SimpTestCluster.StartAsync(data.Path, await TestDatabase.NewAsync(engine));

        var storage = cluster.PrimaryServices().GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

        Assert.Equal(engine == TestEngine.Sqlite, storage is TurnTakingGrainStorage);
    }

    [Fact]
    public async Task ConcurrentToggles_OfOneImage_EachAnswerItsOwnChange_AndTheLastOneSurvivesARestart()
    {
        // Arrange
        using var data = new TempFolder();
        var database = await TestDatabase.NewAsync(engine);
        PrivacyResult[] answers;
        ImageDetails? before;
        await using (var first = await SimpTestCluster.StartAsync(data.Path, database))
        {
            var image = await CreateAsync(first, size: 300);

            // Act
            answers = (await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => image.SetPrivacyAsync(PrivacyChange.Toggle))))!;
            before = await image.GetAsync();
            await first.StopAllSilosAsync();
        }

        await using var second = await SimpTestCluster.StartAsync(data.Path, database);

        // Assert: 25 flips from public alternate, so 13 answered private with a key and 12 public without.
        Assert.Equal(13, answers.Count(answer => answer.IsPrivate && answer.PrivateKey.Length == 32));
        Assert.Equal(12, answers.Count(answer => !answer.IsPrivate && answer.PrivateKey == ""));
        Assert.Equal(13, answers.Where(answer => answer.IsPrivate).Select(answer => answer.PrivateKey).Distinct().Count());
        Assert.True(before!.IsPrivate);
        Assert.Contains(before.PrivateKey, answers.Select(answer => answer.PrivateKey));
        Assert.Equal(before, await second.GrainFactory.GetGrain<IImageGrain>(before.Id).GetAsync());
        Assert.Equal(new CatalogTotals(1, 1, 300), await second.GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).GetTotalsAsync());
    }

    [Fact]
    public async Task Delete_WhileTogglesArrive_LeavesNoImageAndNoCount()
    {
        // Arrange: several images, so that a delete meets a write of privacy under way on some of them.
        using var data = new TempFolder();
        await using var cluster = await SimpTestCluster.StartAsync(data.Path, await TestDatabase.NewAsync(engine));
        var images = new List<IImageGrain>();
        for (var i = 0; i < 8; i++)
        {
            images.Add(await CreateAsync(cluster, size: 40));
        }

        // Act
        var deletes = await Task.WhenAll(images.Select(DeleteWhileTogglingAsync));

        // Assert
        Assert.All(deletes, Assert.NotNull);
        foreach (var image in images)
        {
            Assert.Null(await image.GetAsync());
            Assert.Null(await image.SetPrivacyAsync(PrivacyChange.Toggle));
        }

        Assert.Equal(new CatalogTotals(0, 0, 0), await cluster.GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).GetTotalsAsync());
    }

    [Fact]
    public async Task ConcurrentReservations_GetTheirOwnIds_StayWithinTheLimit_AndSurviveARestart()
    {
        // Arrange
        using var data = new TempFolder();
        var database = await TestDatabase.NewAsync(engine);
        UploadReservation[] reservations;
        await using (var first = await SimpTestCluster.StartAsync(data.Path, database))
        {
            var catalog = first.GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey);

            // Act: thirty uploads of 10 bytes at once against a limit of 100 bytes.
            reservations = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => catalog.ReserveUploadAsync(10, storageLimitBytes: 100)));
            await first.StopAllSilosAsync();
        }

        await using var second = await SimpTestCluster.StartAsync(data.Path, database);

        // Assert
        var accepted = reservations.Where(reservation => reservation.Accepted).ToList();
        Assert.Equal(10, accepted.Count);
        Assert.Equal(Enumerable.Range(1, 10).Select(id => (long)id), accepted.Select(reservation => reservation.ImageId).Order());
        Assert.Equal(new CatalogTotals(0, 0, 100), await second.GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).GetTotalsAsync());
        var next = await second.GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).ReserveUploadAsync(0, null);
        Assert.Equal(11, next.ImageId);
    }

    [Fact]
    public async Task PrivacyKeptInTheGrainsStateByAnEarlierBuild_MovesToTheImagesTable_AndIsCountedFromThere()
    {
        // Arrange: two images, one made private the way an earlier build stored it, in the grain's
        // state only, in a database whose images table has no privacy columns and no count table.
        using var data = new TempFolder();
        var database = await TestDatabase.NewAsync(engine);
        long madePrivate, leftPublic;
        await using (var first = await SimpTestCluster.StartAsync(data.Path, database))
        {
            madePrivate = (await CreateAsync(first, size: 70)).GetPrimaryKeyLong();
            leftPublic = (await CreateAsync(first, size: 30)).GetPrimaryKeyLong();
            await first.StopAllSilosAsync();
        }

        await using (var second = await SimpTestCluster.StartAsync(data.Path, database))
        {
            var services = second.PrimaryServices();
            await EditStateAsync<ImageState>(services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default), ImageGrain.StateName,
                second.GrainFactory.GetGrain<IImageGrain>(madePrivate).GetGrainId(),
                state => (state.EarlierIsPrivate, state.EarlierPrivateKey) = (true, "earlier-key"));
            await ExecuteAsync(services.GetRequiredService<DbDataSource>(), """
                ALTER TABLE images DROP COLUMN is_private;
                ALTER TABLE images DROP COLUMN private_key;
                DROP TABLE image_counts;
                """);
            await second.StopAllSilosAsync();
        }

        PrivacyResult madePublic;
        await using (var third = await SimpTestCluster.StartAsync(data.Path, database))
        {
            var image = third.GrainFactory.GetGrain<IImageGrain>(madePrivate);
            var catalog = third.GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey);
            var index = third.PrimaryServices().GetRequiredService<IImageIndex>();

            // Act
            var earlier = await image.GetAsync();
            var earlierRows = (await index.ReadPrivacyAsync(madePrivate), await index.ReadPrivacyAsync(leftPublic));
            var earlierTotals = await catalog.GetTotalsAsync();
            madePublic = (await image.SetPrivacyAsync(PrivacyChange.Toggle))!;

            // Assert
            Assert.True(earlier!.IsPrivate);
            Assert.Equal("earlier-key", earlier.PrivateKey);
            Assert.False((await third.GrainFactory.GetGrain<IImageGrain>(leftPublic).GetAsync())!.IsPrivate);
            Assert.Equal((new ImagePrivacy(true, "earlier-key"), ImagePrivacy.Public), earlierRows);
            Assert.Equal(new CatalogTotals(2, 1, 100), earlierTotals);
            Assert.Equal(new CatalogTotals(2, 0, 100), await catalog.GetTotalsAsync());
            await third.StopAllSilosAsync();
        }

        await using var fourth = await SimpTestCluster.StartAsync(data.Path, database);
        Assert.False(madePublic.IsPrivate);
        Assert.False((await fourth.GrainFactory.GetGrain<IImageGrain>(madePrivate).GetAsync())!.IsPrivate);
        Assert.Equal(new CatalogTotals(2, 0, 100), await fourth.GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).GetTotalsAsync());
    }

    [Fact]
    public async Task PrivacyChangedUnderTheGrain_FailsItsWrite_LeavesTheCount_AndTheNextCallReadsTheRow()
    {
        // Arrange: the row made private behind the back of an active grain that holds it public.
        using var data = new TempFolder();
        await using var cluster = await SimpTestCluster.StartAsync(data.Path, await TestDatabase.NewAsync(engine));
        var image = await CreateAsync(cluster, size: 5);
        var catalog = cluster.GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey);
        Assert.False((await image.GetAsync())!.IsPrivate);
        var services = cluster.PrimaryServices();
        await ExecuteAsync(services.GetRequiredService<DbDataSource>(), """
            UPDATE images SET is_private = true, private_key = 'elsewhere';
            UPDATE image_counts SET private_images = private_images + 1;
            """);

        // Act
        var failure = await Record.ExceptionAsync(() => image.SetPrivacyAsync(PrivacyChange.Toggle));
        var afterwards = await image.GetAsync();

        // Assert
        Assert.IsType<InconsistentStateException>(failure);
        Assert.True(afterwards!.IsPrivate);
        Assert.Equal("elsewhere", afterwards.PrivateKey);
        Assert.Equal(1, (await catalog.GetTotalsAsync()).PrivateImages);
    }

    [Fact]
    public async Task AnImageWhoseRowACrashLeftMissing_IsNoImage_ToShowChangeOrDelete()
    {
        // Arrange: a private image whose row is gone while its state stays, as a delete cut short
        // after its first write leaves it.
        using var data = new TempFolder();
        var database = await TestDatabase.NewAsync(engine);
        long id;
        await using (var first = await SimpTestCluster.StartAsync(data.Path, database))
        {
            var created = await CreateAsync(first, size: 9);
            await created.SetPrivacyAsync(new PrivacyChange(true, "kept-secret"));
            id = created.GetPrimaryKeyLong();
            var services = first.PrimaryServices();
            await ExecuteAsync(services.GetRequiredService<DbDataSource>(), $"DELETE FROM images WHERE id = {id}");
            await first.StopAllSilosAsync();
        }

        await using var second = await SimpTestCluster.StartAsync(data.Path, database);
        var image = second.GrainFactory.GetGrain<IImageGrain>(id);

        // Act
        var shown = await image.GetAsync();
        var changed = await image.SetPrivacyAsync(PrivacyChange.Toggle);
        var deleted = await image.DeleteAsync();

        // Assert
        Assert.Null(shown);
        Assert.Null(changed);
        Assert.Null(deleted);
    }

    [Fact]
    public async Task ACountTableWithoutItsFlag_GainsIt_AndIsCountedFromTheRows()
    {
        // Arrange: a count table as a build that added the catalogue's count left it, with a count
        // that drifted from the rows.
        using var data = new TempFolder();
        var database = await TestDatabase.NewAsync(engine);
        await using (var first = await SimpTestCluster.StartAsync(data.Path, database))
        {
            await (await CreateAsync(first, size: 4)).SetPrivacyAsync(PrivacyChange.Toggle);
            await CreateAsync(first, size: 6);
            var services = first.PrimaryServices();
            await ExecuteAsync(services.GetRequiredService<DbDataSource>(), """
                ALTER TABLE image_counts DROP COLUMN counted;
                ALTER TABLE image_counts ADD COLUMN catalog_count_added boolean NOT NULL DEFAULT true;
                UPDATE image_counts SET private_images = 7;
                """);
            await first.StopAllSilosAsync();
        }

        // Act
        await using var second = await SimpTestCluster.StartAsync(data.Path, database);

        // Assert
        Assert.Equal(new CatalogTotals(2, 1, 10), await second.GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).GetTotalsAsync());
    }

    private static async Task EditStateAsync<T>(IGrainStorage storage, string stateName, GrainId grainId, Action<T> edit) where T : new()
    {
        var state = new GrainState<T>();
        await storage.ReadStateAsync(stateName, grainId, state);
        edit(state.State!);
        await storage.WriteStateAsync(stateName, grainId, state);
    }

    private static async Task ExecuteAsync(DbDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<ImageDetails?> DeleteWhileTogglingAsync(IImageGrain image)
    {
        var toggles = Enumerable.Range(0, 15).Select(_ => image.SetPrivacyAsync(PrivacyChange.Toggle)).ToList();
        var removed = image.DeleteAsync();
        toggles.AddRange(Enumerable.Range(0, 15).Select(_ => image.SetPrivacyAsync(PrivacyChange.Toggle)));
        await Task.WhenAll(toggles);
        return await removed;
    }

    private static async Task<IImageGrain> CreateAsync(TestCluster cluster, long size)
    {
        var reservation = await cluster.GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).ReserveUploadAsync(size, null);
        var image = cluster.GrainFactory.GetGrain<IImageGrain>(reservation.ImageId);
        await image.CreateAsync(new NewImage(Guid.NewGuid().ToString("D"), "d.png", "png", size, DateTime.UtcNow));
        return image;
    }
}
