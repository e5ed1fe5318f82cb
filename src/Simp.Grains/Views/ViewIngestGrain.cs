using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Simp.Grains.Storage;

namespace Simp.Grains.Views;

/// <inheritdoc cref="IViewIngestGrain"/>
/// <remarks>
/// A batch and every counter it changes (per image, per day, per country) are written in one
/// database transaction. One commit per batch is what makes recording durable and fast, and
/// exactly-once follows from the log refusing a batch id it already holds. Up to eight batches
/// per silo are in hand at once, so gateways flushing together share SQLite commits and use
/// several PostgreSQL connections.
/// </remarks>
[StatelessWorker(8)]
public sealed partial class ViewIngestGrain(IViewLog viewLog, ILogger<ViewIngestGrain> logger) : Grain, IViewIngestGrain
{
    async Task IViewIngestGrain.IngestAsync(ViewBatch batch)
    {
        if (batch.Views.Count == 0)
        {
            return;
        }

        var recorded = await viewLog.AppendAsync(batch);

        LogBatchIngested(logger, batch.Id, batch.Views.Count, recorded);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "View batch {BatchId} of {ViewCount} views: recorded {Recorded} (false: held already)")]
    private static partial void LogBatchIngested(ILogger logger, Guid batchId, int viewCount, bool recorded);
}
