using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Simp.Grains.Storage;

namespace Simp.Grains.Views;

/// <inheritdoc cref="IViewIngestGrain"/>
/// <remarks>
/// A batch and every counter it changes (per image, per day, per country) are written in one
/// database transaction. One commit per batch is what makes recording durable and fast, and
/// exactly-once follows from the log refusing a batch id it already holds.
/// </remarks>
[StatelessWorker]
public sealed partial class ViewIngestGrain(IViewLog viewLog, ILogger<ViewIngestGrain> logger) : Grain, IViewIngestGrain
{
    async Task IViewIngestGrain.IngestAsync(ViewBatch batch)
    {
        if (batch.Views.Count == 0)
        {
            return;
        }

        await viewLog.AppendAsync(batch);

        LogBatchIngested(logger, batch.Id, batch.Views.Count);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "View batch {BatchId} recorded, {ViewCount} views")]
    private static partial void LogBatchIngested(ILogger logger, Guid batchId, int viewCount);
}
