using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Simp.Grains.Catalog;
using Simp.Grains.Images;
using Simp.Grains.Views;
using Simp.Silo.Hosting;

// Usage: Simp.Bench <figure> [--Key=Value ...]
//   ingest  views through the ingest grain on the configured database; prints <name>=<views per second>
//   feed    records --Views views of --Images images into the data folder, for the stats benchmark
// Settings are the silo's own (Simp:DataPath, Simp:Database:*), plus Views, Images, Name, Concurrency
// and WarmupSeconds.
var mode = args.FirstOrDefault() ?? throw new ArgumentException("name a figure: ingest or feed");
var settings = new ConfigurationBuilder().AddCommandLine(args.Skip(1).ToArray()).Build();

var views = long.Parse(settings["Views"] ?? "100000", CultureInfo.InvariantCulture);
var images = int.Parse(settings["Images"] ?? "100", CultureInfo.InvariantCulture);
var concurrency = int.Parse(settings["Concurrency"] ?? "4", CultureInfo.InvariantCulture);
var warmupSeconds = double.Parse(settings["WarmupSeconds"] ?? "5", CultureInfo.InvariantCulture);
const int BatchSize = 1000;

var builder = Host.CreateApplicationBuilder();
builder.Configuration.AddConfiguration(settings);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleans(silo => silo.AddSimp(builder.Configuration));
using var host = builder.Build();
await host.StartAsync();

var grains = host.Services.GetRequiredService<IGrainFactory>();
var imageIds = await EnsureImagesAsync(grains, images);

// A first batch activates every grain and opens the connection pool. The ingest figure then
// records untimed for a while, until the JIT has compiled the hot paths at their final tier:
// otherwise a short run measures the compiler as much as the code.
await grains.GetGrain<IViewIngestGrain>(0).IngestAsync(NewBatch(imageIds, BatchSize, 0));
if (mode == "ingest")
{
    var warming = Stopwatch.StartNew();
    var warmupLength = TimeSpan.FromSeconds(warmupSeconds);
    await IngestAsync(grains, concurrency, number => warming.Elapsed < warmupLength ? NewBatch(imageIds, BatchSize, -number) : null);
}

// A gateway builds its batches while serving; the figure is about recording them, so the ingest
// figure builds them before the clock starts. Feeding builds them as it goes, to bound memory.
var batchCount = views / BatchSize;
var prepared = mode == "ingest"
    ? Enumerable.Range(1, (int)batchCount).Select(number => NewBatch(imageIds, BatchSize, number)).ToArray()
    : null;

var clock = Stopwatch.StartNew();
await IngestAsync(grains, concurrency, number => number > batchCount ? null : prepared?[number - 1] ?? NewBatch(imageIds, BatchSize, number));
clock.Stop();

var recorded = batchCount * BatchSize;
if (mode == "ingest")
{
    Console.WriteLine($"{settings["Name"] ?? "ingest_vps"}={recorded / clock.Elapsed.TotalSeconds:F0}");
}
else
{
    Console.WriteLine($"fed={recorded} seconds={clock.Elapsed.TotalSeconds:F1}");
}

await host.StopAsync();

// Sends batches 1, 2, 3... from several workers at once, as several gateways would, until
// batchFor has no batch for the next number.
static async Task IngestAsync(IGrainFactory grains, int concurrency, Func<long, ViewBatch?> batchFor)
{
    var taken = 0L;
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (batchFor(Interlocked.Increment(ref taken)) is { } batch)
        {
            await grains.GetGrain<IViewIngestGrain>(0).IngestAsync(batch);
        }
    });
    await Task.WhenAll(workers);
}

static ViewBatch NewBatch(IReadOnlyList<long> imageIds, int size, long seed)
{
    var random = new Random((int)seed);
    var countries = new[] { new Country("GB", "United Kingdom"), new Country("US", "United States"), new Country("DE", "Germany"), Country.Unknown };
    var now = DateTime.UtcNow;
    var batch = new ViewRecord[size];
    for (var i = 0; i < size; i++)
    {
        var imageId = imageIds[random.Next(imageIds.Count)];
        var day = now.AddDays(-random.Next(30));
        batch[i] = new ViewRecord(imageId, $"bench-{imageId}", day, $"198.51.100.{random.Next(1, 255)}", countries[random.Next(countries.Length)], "bench/1.0");
    }

    return new ViewBatch(Guid.NewGuid(), batch);
}

// Images the views go to; made once per data folder and found again on later runs.
static async Task<List<long>> EnsureImagesAsync(IGrainFactory grains, int count)
{
    var catalog = grains.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey);
    var existing = (await catalog.GetTotalsAsync()).Images;
    for (var i = existing; i < count; i++)
    {
        var reservation = await catalog.ReserveUploadAsync(1, null);
        await grains.GetGrain<IImageGrain>(reservation.ImageId).CreateAsync(
            new NewImage(Guid.NewGuid().ToString("D"), $"bench{i}.png", "png", 1, DateTime.UtcNow));
    }

    return [.. Enumerable.Range(1, count).Select(id => (long)id)];
}
