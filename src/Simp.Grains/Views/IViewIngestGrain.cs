namespace Simp.Grains.Views;

/// <summary>
/// Receives the gateways' view batches and fans each out to the grains that count it. A
/// stateless worker: every silo runs as many as the load needs, and any of them may take a batch.
/// </summary>
public interface IViewIngestGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Logs and counts a batch. Safe to call again with the same batch after a failure: each part
    /// that already applied it skips it.
    /// </summary>
    Task IngestAsync(ViewBatch batch);
}
