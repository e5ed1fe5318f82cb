namespace Simp.Grains.Storage;

/// <summary>
/// Queues this process's writes to a database that takes one writer at a time. Without it, writers
/// from different grains collide on SQLite's lock, and Microsoft.Data.Sqlite retries the loser
/// after putting its thread to sleep: four clients changing four images' privacy got about 75
/// answers a second, with a p99 of 300 ms. Waiting for a turn here costs no thread.
/// </summary>
public sealed class WriteTurns
{
    private readonly SemaphoreSlim turn = new(1, 1);

    /// <summary>Runs <paramref name="write"/> once no other write of this process runs.</summary>
    public async Task RunAsync(Func<Task> write, CancellationToken cancellationToken = default)
    {
        await turn.WaitAsync(cancellationToken);
        try
        {
            await write();
        }
        finally
        {
            turn.Release();
        }
    }
}
