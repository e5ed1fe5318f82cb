using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Simp.Grains.Views;

namespace Simp.Api.Views;

/// <summary>
/// Holds the views the gateway served and delivers them to the ingest grain in batches, so that
/// serving an image never waits for analytics. A batch that fails is retried with the same id until
/// it is delivered; the grains skip whatever part of it they applied before. On shutdown every
/// buffered view is delivered before the silo connection goes.
/// </summary>
public sealed partial class ViewBuffer(
    IGrainFactory grains,
    IOptions<ViewBufferOptions> options,
    ILogger<ViewBuffer> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly Channel<ViewRecord> _pending = Channel.CreateUnbounded<ViewRecord>(
        new UnboundedChannelOptions { SingleReader = false });
    private readonly ConcurrentQueue<ViewBatch> _undelivered = new();
    private readonly SemaphoreSlim _delivering = new(1, 1);
    private readonly ViewBufferOptions _options = options.Value;

    /// <summary>Queues a view for the next batch; never blocks.</summary>
    public void Add(ViewRecord view)
    {
        if (!_pending.Writer.TryWrite(view))
        {
            LogViewDroppedAfterStop(logger, view.ImageId);
        }
    }

    /// <summary>Delivers everything queued so far and returns once it is counted.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _delivering.WaitAsync(cancellationToken);
        try
        {
            while (NextBatch() is { } batch)
            {
                await DeliverAsync(batch, cancellationToken);
            }
        }
        finally
        {
            _delivering.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                // Let a batch gather for one interval unless it fills up first.
                if (_pending.Reader.Count < _options.MaxBatchSize)
                {
                    await Task.Delay(_options.FlushInterval, stoppingToken);
                }

                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync delivers what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        await base.StopAsync(cancellationToken);

        using var timeout = new CancellationTokenSource(_options.ShutdownFlushTimeout);
        try
        {
            await FlushAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            LogViewsLostAtShutdown(logger, _pending.Reader.Count + _undelivered.Sum(batch => batch.Views.Count));
        }
    }

    /// <summary>A batch that failed before, with its id, or else a new one from the queue; null when idle.</summary>
    private ViewBatch? NextBatch()
    {
        if (_undelivered.TryDequeue(out var retry))
        {
            return retry;
        }

        var views = new List<ViewRecord>(Math.Min(_pending.Reader.Count, _options.MaxBatchSize));
        while (views.Count < _options.MaxBatchSize && _pending.Reader.TryRead(out var view))
        {
            views.Add(view);
        }

        return views.Count == 0 ? null : new ViewBatch(Guid.NewGuid(), views);
    }

    private async Task DeliverAsync(ViewBatch batch, CancellationToken cancellationToken)
    {
        var ingest = grains.GetGrain<IViewIngestGrain>(0);
        var delay = TimeSpan.FromMilliseconds(100);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ingest.IngestAsync(batch);
                LogBatchDelivered(logger, batch.Id, batch.Views.Count);
                return;
            }
            catch (Exception exception)
            {
                LogBatchRetry(logger, exception, batch.Id, batch.Views.Count, attempt);
            }

            try
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Kept with its id, so the next flush resends it and no grain counts it twice.
                _undelivered.Enqueue(batch);
                throw;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "View batch {BatchId} delivered, {ViewCount} views")]
    private static partial void LogBatchDelivered(ILogger logger, Guid batchId, int viewCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "View batch {BatchId} ({ViewCount} views) not delivered on attempt {Attempt}; retrying")]
    private static partial void LogBatchRetry(ILogger logger, Exception exception, Guid batchId, int viewCount, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A view of image {ImageId} arrived after shutdown began and was not counted")]
    private static partial void LogViewDroppedAfterStop(ILogger logger, long imageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shutdown ended with {ViewCount} views undelivered")]
    private static partial void LogViewsLostAtShutdown(ILogger logger, int viewCount);
}
