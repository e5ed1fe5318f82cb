using Simp.Grains.Storage;

namespace Simp.Tests.Storage;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task CommitsMadeDuringAWrite_ShareTheNextWrite()
    {
        // Arrange
        var writes = new HeldFirstWrite();
        var commits = new GroupCommit(writes.WriteAsync);

        // Act
        var first = commits.CommitAsync();
        var later = Enumerable.Range(0, 5).Select(_ => commits.CommitAsync()).ToList();
        var laterDoneEarly = later.Any(commit => commit.IsCompleted);
        writes.ReleaseFirst();
        await first;
        await Task.WhenAll(later);

        // Assert
        Assert.False(laterDoneEarly);
        Assert.Equal(2, writes.Count);
    }

    [Fact]
    public async Task AFailedWrite_FailsOnlyItsOwnRound()
    {
        // Arrange
        var writes = new HeldFirstWrite(firstFailsWith: new IOException("disk full"));
        var commits = new GroupCommit(writes.WriteAsync);

        // Act
        var failing = commits.CommitAsync();
        var next = commits.CommitAsync();
        writes.ReleaseFirst();

        // Assert
        await Assert.ThrowsAsync<IOException>(() => failing);
        await next;
        await commits.CommitAsync();
        Assert.Equal(3, writes.Count);
    }

    /// <summary>A write that counts its calls and holds the first one until released, then maybe fails it.</summary>
    private sealed class HeldFirstWrite(Exception? firstFailsWith = null)
    {
        private readonly TaskCompletionSource firstReleased = new();

        public int Count { get; private set; }

        public void ReleaseFirst() => firstReleased.SetResult();

        public async Task WriteAsync()
        {
            if (++Count == 1)
            {
                await firstReleased.Task;
                if (firstFailsWith is not null)
                {
                    throw firstFailsWith;
                }
            }
        }
    }
}
