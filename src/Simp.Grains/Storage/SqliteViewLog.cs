using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>
/// The view log in SQLite, where one process writes at a time. Views are numbered in the order
/// they arrive, following the newest view logged. Batches that arrive while another is written
/// share the next transaction, which also makes the check for a retried batch, the views and
/// their counters one step.
/// </summary>
public sealed class SqliteViewLog(DbDataSource dataSource, WriteTurns turns) : ChunkViewLog(dataSource)
{
    private const string InsertSql = """
        INSERT INTO view_chunks (id, image_id, first_id, image_uuid, views)
        VALUES (@Id, @ImageId, @FirstId, @ImageUuid, @Views)
        """;

    // Ids only grow while the newest chunk stays: deleting an image can free ids at the top, but
    // its views are gone with it, so no page of another image's views, and no list of recent
    // views, ever sees an id twice.
    private const string NextIdSql = "SELECT COALESCE(MAX(id), 0) + 1 FROM view_chunks";

    private const int MaxViewsPerCommit = 16_000;

    private const string CountImageSql = "UPDATE images SET views = views + @Views WHERE id = @Key";

    private const string CountDaySql = """
        INSERT INTO daily_views (day, views) VALUES (@Key, @Views)
        ON CONFLICT (day) DO UPDATE SET views = views + excluded.views
        """;

    private const string CountCountrySql = """
        INSERT INTO country_views (code, name, views) VALUES (@Key, @Name, @Views)
        ON CONFLICT (code) DO UPDATE SET views = views + excluded.views, name = excluded.name
        """;

    // Batches waiting for a turn to write. Whoever gets it writes every waiting batch in one
    // transaction: a commit costs about as much for four batches as for one, because it rewrites
    // the same index pages.
    private readonly ConcurrentQueue<PendingBatch> _waiting = new();

    /// <inheritdoc />
    public override async Task<bool> AppendAsync(ViewBatch batch, CancellationToken cancellationToken = default)
    {
        var pending = new PendingBatch(batch);
        _waiting.Enqueue(pending);

        // The batch waits for the process's turn to write; whoever gets it first writes every batch
        // waiting by then, so by its own turn this one may be written already.
        await turns.RunAsync(() => pending.Outcome.Task.IsCompleted ? Task.CompletedTask : WriteWaitingAsync(), cancellationToken);

        return await pending.Outcome.Task;
    }

    /// <inheritdoc />
    protected override string RowLogExistsSql => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'view_log'";

    /// <inheritdoc />
    protected override Task WriteAsync(Func<Task> write) => turns.RunAsync(write);

    private async Task WriteWaitingAsync()
    {
        var group = TakeGroup();
        try
        {
            var recorded = await AppendGroupAsync(group);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Outcome.SetResult(recorded[i]);
            }
        }
        catch (Exception exception)
        {
            // The transaction rolled back, so no batch of the group is recorded and each may be retried.
            foreach (var pending in group)
            {
                pending.Outcome.SetException(exception);
            }
        }
    }

    private List<PendingBatch> TakeGroup()
    {
        var group = new List<PendingBatch>();
        var views = 0;
        while (views < MaxViewsPerCommit && _waiting.TryDequeue(out var pending))
        {
            group.Add(pending);
            views += pending.Batch.Views.Count;
        }

        return group;
    }

    /// <summary>Writes the batches in one transaction; for each, whether it was new to the log.</summary>
    private async Task<bool[]> AppendGroupAsync(List<PendingBatch> group)
    {
        // The group's callers may have given up, but the batches are written for all of them.
        var cancellationToken = CancellationToken.None;
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var recorded = new bool[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            recorded[i] = await ClaimBatchAsync(connection, transaction, group[i].Batch.Id.ToByteArray(), cancellationToken);
        }

        var newViews = group.Where((_, i) => recorded[i]).SelectMany(pending => pending.Batch.Views).ToList();
        var firstId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(NextIdSql, transaction: transaction, cancellationToken: cancellationToken));
        await InsertChunksAsync(connection, transaction, ChunksOf(newViews, firstId), cancellationToken);
        await CountAsync(connection, transaction, ViewSums.From(newViews), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return recorded;
    }

    private sealed record PendingBatch(ViewBatch Batch)
    {
        public TaskCompletionSource<bool> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Records the batch id; false when the log holds it already.</summary>
    private static async Task<bool> ClaimBatchAsync(DbConnection connection, DbTransaction transaction, byte[] batchId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO view_batches (batch_id) VALUES (@BatchId) ON CONFLICT DO NOTHING";
        command.AddParameter("@BatchId", batchId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task CountAsync(DbConnection connection, DbTransaction transaction, ViewSums sums, CancellationToken cancellationToken)
    {
        await ExecuteEachAsync(connection, transaction, CountImageSql, ["@Key", "@Views"],
            sums.Images.Select(image => new object[] { image.ImageId, image.Views }), cancellationToken);
        await ExecuteEachAsync(connection, transaction, CountDaySql, ["@Key", "@Views"],
            sums.Days.Select(day => new object[] { day.Day, day.Views }), cancellationToken);
        await ExecuteEachAsync(connection, transaction, CountCountrySql, ["@Key", "@Name", "@Views"],
            sums.Countries.Select(country => new object[] { country.Country.Code, country.Country.Name, country.Views }), cancellationToken);
    }

    /// <summary>Runs one prepared statement once per row of parameter values.</summary>
    private static async Task ExecuteEachAsync(
        DbConnection connection, DbTransaction transaction, string sql, string[] names, IEnumerable<object[]> rows,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var parameters = names.Select(name => command.AddParameter(name)).ToArray();

        foreach (var values in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = values[i];
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    protected override async Task InsertChunksAsync(
        DbConnection connection, DbTransaction transaction, IEnumerable<List<LoggedView>> chunks, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertSql;
        var (id, imageId, firstId, imageUuid, encoded) = (
            command.AddParameter("@Id"), command.AddParameter("@ImageId"), command.AddParameter("@FirstId"),
            command.AddParameter("@ImageUuid"), command.AddParameter("@Views"));

        foreach (var chunk in chunks)
        {
            (id.Value, firstId.Value) = (chunk[^1].Id, chunk[0].Id);
            (imageId.Value, imageUuid.Value) = (chunk[0].View.ImageId, chunk[0].View.ImageUuid);
            encoded.Value = ViewChunk.Encode(chunk);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
