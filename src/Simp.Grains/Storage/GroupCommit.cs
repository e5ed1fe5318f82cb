namespace Simp.Grains.Storage;

/// <summary>
/// Runs a grain's durable write so that every change made while one write is under way shares the
/// next one, instead of each waiting for a write of its own. A caller's task completes once a write
/// that began after its change has completed, and fails with that write.
/// </summary>
/// <remarks>
/// Used from a grain's turns, which never run at the same time, so the fields need no lock. Only
/// one write runs at a time, as grain storage requires.
/// </remarks>
public sealed class GroupCommit(Func<Task> write)
{
    private TaskCompletionSource? waiting;
    private bool writing;

    /// <summary>Makes the changes made so far durable.</summary>
    public Task CommitAsync()
    {
        waiting ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var committed = waiting.Task;
        if (!writing)
        {
            _ = WriteWhileWaitingAsync();
        }

        return committed;
    }

    // Never throws: each round's outcome goes to the callers who waited for it.
    private async Task WriteWhileWaitingAsync()
    {
        writing = true;
        while (waiting is { } round)
        {
            // A change made from here on may or may not be in this write, so it waits for the next.
            waiting = null;
            try
            {
                await write();
                round.SetResult();
            }
            catch (Exception exception)
            {
                round.SetException(exception);
            }
        }

        writing = false;
    }
}
