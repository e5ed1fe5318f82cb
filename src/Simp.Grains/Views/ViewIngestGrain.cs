using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Simp.Grains.Images;
using Simp.Grains.Storage;

namespace Simp.Grains.Views;

/// <inheritdoc cref="IViewIngestGrain"/>
[StatelessWorker]
public sealed partial class ViewIngestGrain(IViewLog viewLog, ILogger<ViewIngestGrain> logger) : Grain, IViewIngestGrain
{
    async Task IViewIngestGrain.IngestAsync(ViewBatch batch)
    {
        if (batch.Views.Count == 0)
        {
            return;
        }

        // The log comes first: its ids go into the recent views, and a batch that fails later is
        // retried whole, which the log recognises by the batch id.
        var logged = await viewLog.AppendAsync(batch);

        var counts = batch.Views
            .GroupBy(view => view.ImageId)
            .Select(group => GrainFactory.GetGrain<IImageGrain>(group.Key).RecordViewsAsync(batch.Id, group.Count()));
        var traffic = GrainFactory.GetGrain<ITrafficGrain>(TrafficGrain.SingletonKey)
            .RecordAsync(batch.Id, TrafficDelta.From(batch.Views));
        var newest = logged.Count > RecentViewsGrain.Capacity ? logged.Skip(logged.Count - RecentViewsGrain.Capacity) : logged;
        var recent = GrainFactory.GetGrain<IRecentViewsGrain>(RecentViewsGrain.SingletonKey)
            .AddAsync(batch.Id, [.. newest]);

        await Task.WhenAll([.. counts, traffic, recent]);

        LogBatchIngested(logger, batch.Id, batch.Views.Count);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "View batch {BatchId} ingested, {ViewCount} views")]
    private static partial void LogBatchIngested(ILogger logger, Guid batchId, int viewCount);
}
