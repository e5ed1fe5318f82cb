using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>
/// The view log in SQLite, where one process writes at a time. Views are numbered in the order
/// they arrive and stored as chunks, each a run of one image's views (<see cref="ViewChunk"/>):
/// a row and an index entry per chunk instead of per view. Batches that arrive while another is
/// written share the next transaction, which also makes the check for a retried batch, the views
/// and their counters one step.
/// </summary>
/// <remarks>
/// A chunk's row id is the id of its newest view and <c>first_id</c> that of its oldest. The
/// chunks of one image never overlap, so an image's history is read by <c>first_id</c>; the
/// chunks of different images do, so the newest views of the site are gathered from chunks in
/// row id order until no further chunk can hold a newer one.
/// </remarks>
public sealed class SqliteViewLog(DbDataSource dataSource, WriteTurns turns) : SqlViewLog(dataSource)
{
    private const string InsertSql = """
        INSERT INTO view_chunks (id, image_id, first_id, image_uuid, views)
        VALUES (@Id, @ImageId, @FirstId, @ImageUuid, @Views)
        """;

    // Ids only grow while the newest chunk stays: deleting an image can free ids at the top, but
    // its views are gone with it, so no page of another image's views, and no list of recent
    // views, ever sees an id twice.
    private const string NextIdSql = "SELECT COALESCE(MAX(id), 0) + 1 FROM view_chunks";

    private const string ReadSql = """
        SELECT id, first_id, image_uuid, views FROM view_chunks
        WHERE image_id = @ImageId AND first_id < @Before
        ORDER BY first_id DESC
        """;

    private const string RecentSql = "SELECT id, image_id, first_id, image_uuid, views FROM view_chunks ORDER BY id DESC";

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
    public override async Task<IReadOnlyList<LoggedView>> ReadAsync(
        long imageId, int limit, long? beforeViewId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var before = beforeViewId ?? long.MaxValue;

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ReadSql;
        command.AddParameter("@ImageId", imageId);
        command.AddParameter("@Before", before);

        var page = new List<LoggedView>(limit);
        var chunk = new List<LoggedView>(ViewChunk.MaxViews);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (page.Count < limit && await reader.ReadAsync(cancellationToken))
        {
            chunk.Clear();
            ViewChunk.Decode((byte[])reader.GetValue(3), reader.GetInt64(1), imageId, reader.GetString(2), long.MinValue, before, chunk);
            for (var i = chunk.Count - 1; i >= 0 && page.Count < limit; i--)
            {
                page.Add(chunk[i]);
            }
        }

        return page;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<LoggedView>> ReadRecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = RecentSql;

        // The newest views so far, the oldest of them first out.
        var newest = new PriorityQueue<LoggedView, long>(limit + ViewChunk.MaxViews);
        var chunk = new List<LoggedView>(ViewChunk.MaxViews);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Chunks come newest view first: once a chunk's newest view is older than every view
            // kept, so are all the views of every chunk after it.
            if (newest.Count == limit && reader.GetInt64(0) < newest.Peek().Id)
            {
                break;
            }

            // Only views newer than the oldest kept can still be among the newest.
            var oldestKept = newest.Count == limit ? newest.Peek().Id : long.MinValue;
            chunk.Clear();
            ViewChunk.Decode((byte[])reader.GetValue(4), reader.GetInt64(2), reader.GetInt64(1), reader.GetString(3), oldestKept, long.MaxValue, chunk);
            foreach (var view in chunk)
            {
                newest.Enqueue(view, view.Id);
                if (newest.Count > limit)
                {
                    newest.Dequeue();
                }
            }
        }

        var views = new LoggedView[newest.Count];
        for (var i = views.Length - 1; i >= 0; i--)
        {
            views[i] = newest.Dequeue();
        }

        return views;
    }

    /// <inheritdoc />
    public override Task DeleteImageAsync(long imageId, CancellationToken cancellationToken = default) => turns.RunAsync(async () =>
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM view_chunks WHERE image_id = @ImageId", new { ImageId = imageId }, cancellationToken: cancellationToken));
    });

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
        await InsertAsync(connection, transaction, ChunksOf(newViews.Select((view, i) => new LoggedView(firstId + i, view))), cancellationToken);
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

    /// <summary>
    /// Moves the views of a log kept as one row per view, as databases made before chunks hold
    /// them, into chunks with the same ids, and drops the old table. Returns how many views moved.
    /// </summary>
    public static async Task<long> MoveViewRowsToChunksAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        const string FindSql = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'view_log'";
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(FindSql, transaction: transaction, cancellationToken: cancellationToken)) == 0)
        {
            return 0;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {RowViewLog.Columns} FROM view_log ORDER BY id";

        // A window at a time, so memory stays bounded however long the old log is.
        var (moved, window) = (0L, new List<LoggedView>(MaxViewsPerCommit));
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                window.Add(RowViewLog.ReadView(reader));
                if (window.Count == MaxViewsPerCommit)
                {
                    await InsertAsync(connection, transaction, ChunksOf(window), cancellationToken);
                    (moved, window) = (moved + window.Count, new List<LoggedView>(MaxViewsPerCommit));
                }
            }
        }

        await InsertAsync(connection, transaction, ChunksOf(window), cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DROP TABLE view_log", transaction: transaction, cancellationToken: cancellationToken));
        return moved + window.Count;
    }

    /// <summary>
    /// Splits views, ids ascending, into chunks of one image each: a chunk holds a run of its
    /// image's consecutive views, so no two chunks of one image overlap.
    /// </summary>
    private static IEnumerable<List<LoggedView>> ChunksOf(IEnumerable<LoggedView> views)
    {
        var open = new Dictionary<long, List<LoggedView>>();
        foreach (var view in views)
        {
            if (!open.TryGetValue(view.View.ImageId, out var chunk))
            {
                open[view.View.ImageId] = chunk = new List<LoggedView>(ViewChunk.MaxViews);
            }

            chunk.Add(view);
            if (chunk.Count == ViewChunk.MaxViews)
            {
                open.Remove(view.View.ImageId);
                yield return chunk;
            }
        }

        foreach (var chunk in open.Values)
        {
            yield return chunk;
        }
    }

    private static async Task InsertAsync(
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
