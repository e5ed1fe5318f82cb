using Simp.Grains.Storage;

namespace Simp.Tests.Storage;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task CommitsMadeDuringAWrite_ShareTheNextWrite()
    {
        // Arrange
        var firstWrite = new TaskCompletionSource();
        var writes = 0;
        var commits = new GroupCommit(async () =>
        {
            if (++writes == 1)
            {
                await firstWrite.Task;
            }
        });

        // Act
        var first = commits.CommitAsync();
        var later = Enumerable.Range(0, 5).Select(_ => commits.CommitAsync()).ToList();
        var laterDoneEarly = later.Any(commit => commit.IsCompleted);
        firstWrite.SetResult();
        await first;
        await Task.WhenAll(later);

        // Assert
        Assert.False(laterDoneEarly);
        Assert.Equal(2, writes);
    }

    [Fact]
    public async Task AFailedWrite_FailsOnlyItsOwnRound()
    {
        // Arrange
        var firstWrite = new TaskCompletionSource();
        var writes = 0;
        var commits = new GroupCommit(async () =>
        {
            if (++writes == 1)
            {
                await firstWrite.Task;
                throw new IOException("disk full");
            }
        });

        // Act
        var failing = commits.CommitAsync();
        var next = commits.CommitAsync();
        firstWrite.SetResult();

        // Assert
        await Assert.ThrowsAsync<IOException>(() => failing);
        await next;
        await commits.CommitAsync();
        Assert.Equal(3, writes);
    }
}
