namespace Simp.Grains.Views;

/// <summary>
/// Receives the gateways' view batches and records each in the view log and its counters. A
/// stateless worker: every silo runs as many as the load needs, and any of them may take a batch.
/// </summary>
public interface IViewIngestGrain : IGrainWithIntegerKey
{
    /// <summary>Records a batch. Safe to call again with the same batch after a failure: it is counted once.</summary>
    Task IngestAsync(ViewBatch batch);
}
