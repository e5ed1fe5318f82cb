using Dapper;
using Microsoft.Data.Sqlite;
using Simp.Grains.Storage;
using Simp.Tests.Infrastructure;

namespace Simp.Tests.Storage;

/// <summary>Statements kept compiled on a connection of their own, against a real SQLite file.</summary>
public sealed class SqliteStatementsTests : IDisposable
{
    private const string SetNameSql = "UPDATE items SET name = @Name, size = @Size WHERE id = @Id";

    private readonly TempFolder _data = new();

    private readonly string _connectionString;

    public SqliteStatementsTests()
    {
        // Another connection that finds the file locked gives up after a second, not thirty.
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_data.Path, "items.db"), DefaultTimeout = 1 }.ToString();
        using var connection = Connect();
        connection.Execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NULL, size INTEGER NOT NULL);
            INSERT INTO items (id, name, size) VALUES (1, 'first', 10), (2, 'second', 20);
            """);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    [Fact]
    public void AStatementRunAgain_TakesItsNewValues_AndEachCommitIsSeenByOtherConnections()
    {
        // Arrange
        using var statements = new SqliteStatements(_connectionString);

        // Act
        statements.InTransaction(write => write.Execute(SetNameSql, ("@Id", 1L), ("@Name", "renamed"), ("@Size", 11)));
        statements.InTransaction(write => write.Execute(SetNameSql, ("@Id", 2L), ("@Name", null), ("@Size", 22)));

        // Assert
        Assert.Equal([(1L, "renamed", 11L), (2L, null, 22L)], ReadItems());
    }

    [Fact]
    public void AFailedTransaction_LeavesNothingWritten_NorTheFileLocked_AndTheNextOneCommits()
    {
        // Arrange
        using var statements = new SqliteStatements(_connectionString);

        // Act
        var failure = Assert.Throws<InvalidOperationException>(() => statements.InTransaction(write =>
        {
            write.Execute(SetNameSql, ("@Id", 1L), ("@Name", "half-written"), ("@Size", 99));
            throw new InvalidOperationException("the row was not as expected");
        }));
        using (var other = Connect())
        {
            other.Execute("UPDATE items SET size = size + 1 WHERE id = 2");
        }

        statements.InTransaction(write => write.Execute(SetNameSql, ("@Id", 1L), ("@Name", "written"), ("@Size", 12)));

        // Assert
        Assert.Equal("the row was not as expected", failure.Message);
        Assert.Equal([(1L, "written", 12L), (2L, "second", 21L)], ReadItems());
    }

    [Fact]
    public void RowsChanged_AreCounted_SoACallerCanRefuseAWriteThatFoundNoRow()
    {
        // Arrange
        using var statements = new SqliteStatements(_connectionString);
        var changed = new List<int>();

        // Act
        statements.InTransaction(write =>
        {
            changed.Add(write.Execute(SetNameSql, ("@Id", 1L), ("@Name", "one"), ("@Size", 1)));
            changed.Add(write.Execute(SetNameSql, ("@Id", 3L), ("@Name", "none"), ("@Size", 3)));
        });

        // Assert
        Assert.Equal([1, 0], changed);
    }

    [Fact]
    public async Task Disposing_WaitsForATransactionUnderWay_ThenRefusesMore()
    {
        // Arrange
        var statements = new SqliteStatements(_connectionString);
        using var updated = new ManualResetEventSlim();
        using var finish = new ManualResetEventSlim();
        var writing = Task.Run(() => statements.InTransaction(write =>
        {
            write.Execute(SetNameSql, ("@Id", 1L), ("@Name", "last"), ("@Size", 13));
            updated.Set();
            finish.Wait();
        }));
        updated.Wait();

        // Act
        var disposing = Task.Run(statements.Dispose);
        // Closing the connection under a transaction takes about half a second here, so the window
        // is longer than that.
        var disposedMidTransaction = await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromSeconds(1.5))) == disposing;
        finish.Set();
        await writing;
        await disposing;

        // Assert
        Assert.False(disposedMidTransaction);
        Assert.Equal((1L, "last", 13L), ReadItems()[0]);
        Assert.Throws<ObjectDisposedException>(() => statements.InTransaction(write => write.Execute(SetNameSql, ("@Id", 2L), ("@Name", "x"), ("@Size", 1))));
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private List<(long Id, string? Name, long Size)> ReadItems()
    {
        using var connection = Connect();
        return [.. connection.Query<(long, string?, long)>("SELECT id, name, size FROM items ORDER BY id")];
    }
}
