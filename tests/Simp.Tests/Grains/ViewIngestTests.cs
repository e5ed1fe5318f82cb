using Simp.Grains.Images;
using Simp.Grains.Views;
using Simp.Tests.Infrastructure;
using static Simp.Tests.Infrastructure.TestViews;

namespace Simp.Tests.Grains;

[Collection(SqliteClusterCollection.Name)]
public sealed class SqliteViewIngestTests(SqliteClusterFixture fixture) : ViewIngestTests(fixture);

[Collection(PostgresClusterCollection.Name)]
public sealed class PostgresViewIngestTests(PostgresClusterFixture fixture) : ViewIngestTests(fixture);

/// <summary>The view fan-out, on each engine the silos can persist to.</summary>
public abstract class ViewIngestTests(ClusterFixture fixture)
{
    private static readonly DateTime Day1 = new(2024, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    private ITrafficGrain Traffic => fixture.Grains.GetGrain<ITrafficGrain>(TrafficGrain.SingletonKey);

    [Fact]
    public async Task Ingest_BatchAcrossDaysAndCountries_UpdatesEveryAggregate()
    {
        // Arrange
        var (first, second) = (await CreateImageAsync(), await CreateImageAsync());
        var batch = Batch(
            View(first, Day1, Britain),
            View(first, Day1.AddHours(5), Britain),
            View(first, Day1.AddDays(1), States),
            View(second, Day1.AddDays(1).AddHours(10), Germany),
            View(second, Day1.AddDays(2), Britain));
        var daysBefore = await Traffic.GetDailyAsync(DateOnly.FromDateTime(Day1), DateOnly.FromDateTime(Day1).AddDays(2));
        var countriesBefore = await CountryCountsAsync();
        var totalBefore = await Traffic.GetTotalViewsAsync();

        // Act
        await fixture.Grains.GetGrain<IViewIngestGrain>(0).IngestAsync(batch);

        // Assert
        Assert.Equal(3, (await Image(first).GetAsync())!.Views);
        Assert.Equal(2, (await Image(second).GetAsync())!.Views);

        var daysAfter = await Traffic.GetDailyAsync(DateOnly.FromDateTime(Day1), DateOnly.FromDateTime(Day1).AddDays(2));
        Assert.Equal([2L, 2L, 1L], daysAfter.Zip(daysBefore, (after, before) => after.Views - before.Views));
        Assert.Equal(totalBefore + 5, await Traffic.GetTotalViewsAsync());

        var countriesAfter = await CountryCountsAsync();
        Assert.Equal(3, countriesAfter["GB"] - countriesBefore.GetValueOrDefault("GB"));
        Assert.Equal(1, countriesAfter["US"] - countriesBefore.GetValueOrDefault("US"));
        Assert.Equal(1, countriesAfter["DE"] - countriesBefore.GetValueOrDefault("DE"));

        var recent = await fixture.Grains.GetGrain<IRecentViewsGrain>(RecentViewsGrain.SingletonKey).GetAsync(5);
        Assert.Equal(batch.Views.Reverse(), recent.Select(logged => logged.View));
        Assert.True(recent.Zip(recent.Skip(1), (newer, older) => newer.Id > older.Id).All(descending => descending));
    }

    [Fact]
    public async Task Ingest_SameBatchTwice_CountsItOnce()
    {
        // Arrange
        var image = await CreateImageAsync();
        var batch = Batch(View(image, Day1, Germany), View(image, Day1, Germany));
        var ingest = fixture.Grains.GetGrain<IViewIngestGrain>(0);
        await ingest.IngestAsync(batch);
        var totalAfterFirst = await Traffic.GetTotalViewsAsync();

        // Act: a gateway that lost the reply resends the batch with the same id
        await ingest.IngestAsync(batch);

        // Assert
        Assert.Equal(2, (await Image(image).GetAsync())!.Views);
        Assert.Equal(totalAfterFirst, await Traffic.GetTotalViewsAsync());
        Assert.Equal(2, (await History(image).GetAsync(100, null)).Count);
    }

    [Fact]
    public async Task Ingest_ManyBatchesAtOnce_EachSentTwice_CountsEveryViewOnce()
    {
        // Arrange: batches arriving together share commits or contend for the same counter rows,
        // and a resent batch may meet itself
        var images = new[] { await CreateImageAsync(), await CreateImageAsync(), await CreateImageAsync(), await CreateImageAsync() };
        var batches = Enumerable.Range(0, 24)
            .Select(minute => Batch([.. images.Select((image, i) => View(images[(i + minute) % images.Length], Day1.AddMinutes(minute), Britain))]))
            .ToArray();
        var ingest = fixture.Grains.GetGrain<IViewIngestGrain>(0);
        var totalBefore = await Traffic.GetTotalViewsAsync();

        // Act
        await Task.WhenAll(batches.Concat(batches).Select(batch => ingest.IngestAsync(batch)));

        // Assert
        Assert.Equal(totalBefore + 96, await Traffic.GetTotalViewsAsync());
        foreach (var image in images)
        {
            Assert.Equal(24, (await Image(image).GetAsync())!.Views);
            var logged = await History(image).GetAsync(100, null);
            Assert.Equal(24, logged.Select(view => view.Id).Distinct().Count());
        }
    }

    [Fact]
    public async Task GetViews_PagesNewestFirst()
    {
        // Arrange
        var image = await CreateImageAsync();
        var views = Enumerable.Range(0, 5).Select(minute => View(image, Day1.AddMinutes(minute), States, $"198.51.100.{minute}")).ToArray();
        await fixture.Grains.GetGrain<IViewIngestGrain>(0).IngestAsync(Batch(views));

        // Act
        var firstPage = await History(image).GetAsync(3, null);
        var secondPage = await History(image).GetAsync(3, firstPage[^1].Id);

        // Assert
        Assert.Equal(["198.51.100.4", "198.51.100.3", "198.51.100.2"], firstPage.Select(view => view.View.Ip));
        Assert.Equal(["198.51.100.1", "198.51.100.0"], secondPage.Select(view => view.View.Ip));
    }

    [Fact]
    public async Task Recent_AfterBatchesOverManyImages_IsTheNewestViewsNewestFirst()
    {
        // Arrange
        var images = new[] { await CreateImageAsync(), await CreateImageAsync(), await CreateImageAsync() };
        var batches = Enumerable.Range(0, 3)
            .Select(batch => Batch([.. Enumerable.Range(0, 90).Select(i => View(images[(i * i) % 3], Day1.AddSeconds(i), Germany, $"198.51.{batch}.{i}"))]))
            .ToArray();

        // Act
        foreach (var batch in batches)
        {
            await fixture.Grains.GetGrain<IViewIngestGrain>(0).IngestAsync(batch);
        }

        // Assert
        var recent = await fixture.Grains.GetGrain<IRecentViewsGrain>(RecentViewsGrain.SingletonKey).GetAsync(100);
        Assert.Equal(batches.SelectMany(batch => batch.Views).TakeLast(100).Reverse(), recent.Select(logged => logged.View));
    }

    private IImageGrain Image(long id) => fixture.Grains.GetGrain<IImageGrain>(id);

    private IImageViewsGrain History(long id) => fixture.Grains.GetGrain<IImageViewsGrain>(id);

    private async Task<long> CreateImageAsync()
    {
        var id = UniqueImageId();
        await Image(id).CreateAsync(new NewImage(Guid.NewGuid().ToString("D"), "cat.png", "png", 100, DateTime.UtcNow));
        return id;
    }

    private async Task<Dictionary<string, long>> CountryCountsAsync()
        => (await Traffic.GetCountriesAsync()).ToDictionary(country => country.Country.Code, country => country.Views);
}
