using System.Data.Common;
using Dapper;
using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>
/// A view log that stores views as chunks, each a run of one image's views
/// (<see cref="ViewChunk"/>): a row and an index entry per chunk instead of per view, which is
/// what makes recording cheap. Engines differ in how they number a batch's views and write it.
/// </summary>
/// <remarks>
/// A chunk's <c>id</c> is the id of its newest view and <c>first_id</c> that of its oldest. The
/// chunks of one image never overlap, so an image's history is read by <c>first_id</c>; the
/// chunks of different images do, so the newest views of the site are gathered from chunks in
/// <c>id</c> order until no further chunk can hold a newer one.
/// </remarks>
public abstract class ChunkViewLog(DbDataSource dataSource) : SqlViewLog(dataSource)
{
    /// <summary>The most views moved from an older log's table at a time.</summary>
    private const int MoveWindow = 16_000;

    /// <summary>The columns every read of chunks selects, in the order <see cref="ReadRow"/> reads them.</summary>
    private const string ChunkColumns = "id, first_id, image_id, image_uuid, views";

    private const string ReadSql = $"""
        SELECT {ChunkColumns} FROM view_chunks
        WHERE image_id = @ImageId AND first_id < @Before
        ORDER BY first_id DESC
        LIMIT @Limit
        """;

    private const string RecentSql = $"SELECT {ChunkColumns} FROM view_chunks ORDER BY id DESC LIMIT @Limit";

    /// <summary>Counts the tables named view_log that the connection sees: an older log kept a row per view.</summary>
    protected abstract string RowLogExistsSql { get; }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<LoggedView>> ReadAsync(
        long imageId, int limit, long? beforeViewId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var before = beforeViewId ?? long.MaxValue;

        // Each chunk found holds at least its first view below the cursor, so a page needs at
        // most as many chunks as views.
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ReadSql;
        command.AddParameter("@ImageId", imageId);
        command.AddParameter("@Before", before);
        command.AddParameter("@Limit", limit);

        var page = new List<LoggedView>(limit);
        var chunk = new List<LoggedView>(ViewChunk.MaxViews);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (page.Count < limit && await reader.ReadAsync(cancellationToken))
        {
            chunk.Clear();
            ViewChunk.Decode(ReadRow(reader), long.MinValue, before, chunk);
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

        // Every chunk read before the last one puts its newest view among those kept, so no more
        // than one chunk beyond the limit is ever needed.
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = RecentSql;
        command.AddParameter("@Limit", limit + 1);

        // The newest views so far, the oldest of them first out.
        var newest = new PriorityQueue<LoggedView, long>(limit + ViewChunk.MaxViews);
        var chunk = new List<LoggedView>(ViewChunk.MaxViews);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Chunks come newest view first: once a chunk's newest view is older than every view
            // kept, so are all the views of every chunk after it.
            var oldestKept = newest.Count == limit ? newest.Peek().Id : long.MinValue;
            if (reader.GetInt64(0) < oldestKept)
            {
                break;
            }

            chunk.Clear();
            ViewChunk.Decode(ReadRow(reader), oldestKept, long.MaxValue, chunk);
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
    public override Task DeleteImageAsync(long imageId, CancellationToken cancellationToken = default) => WriteAsync(async () =>
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM view_chunks WHERE image_id = @ImageId", new { ImageId = imageId }, cancellationToken: cancellationToken));
    });

    /// <summary>
    /// Moves the views of a log kept as one row per view, as databases made before chunks hold
    /// them, into chunks, and drops the old table. Returns how many views moved.
    /// </summary>
    /// <remarks>
    /// Into an empty chunk log the views move with their ids, so links to pages of history stay
    /// valid. Rows found beside existing chunks were logged by an older build run again after this
    /// one, with ids counted from 1 anew: they are newer than every chunk, so they follow the newest
    /// view, in their order.
    /// </remarks>
    public async Task<long> MoveViewRowsToChunksAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(RowLogExistsSql, transaction: transaction, cancellationToken: cancellationToken)) == 0)
        {
            return 0;
        }

        var shift = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(id), 0) FROM view_chunks", transaction: transaction, cancellationToken: cancellationToken));

        // A window at a time, read whole before it is written: memory stays bounded however long
        // the old log is, and no engine has to read and write on one connection at once.
        var (moved, after) = (0L, 0L);
        while (await ReadRowWindowAsync(connection, transaction, after, cancellationToken) is { Count: > 0 } window)
        {
            var renumbered = window.Select(view => view with { Id = view.Id + shift });
            await InsertChunksAsync(connection, transaction, ChunksOf(renumbered), cancellationToken);
            (moved, after) = (moved + window.Count, window[^1].Id);
        }

        await connection.ExecuteAsync(new CommandDefinition("DROP TABLE view_log", transaction: transaction, cancellationToken: cancellationToken));
        await OnRowsMovedAsync(connection, transaction, after + shift, cancellationToken);
        return moved;
    }

    /// <summary>Writes chunks, in the caller's transaction.</summary>
    protected abstract Task InsertChunksAsync(
        DbConnection connection, DbTransaction transaction, IEnumerable<List<LoggedView>> chunks, CancellationToken cancellationToken);

    /// <summary>Lets an engine note the last id moved from an older log, so that new ids come after it.</summary>
    protected virtual Task OnRowsMovedAsync(DbConnection connection, DbTransaction transaction, long lastId, CancellationToken cancellationToken)
        => Task.CompletedTask;

    /// <summary>Runs a write; an engine with one writer at a time queues it for its turn.</summary>
    protected virtual Task WriteAsync(Func<Task> write) => write();

    /// <summary>Numbers views from <paramref name="firstId"/> in the order given and splits them into chunks.</summary>
    protected static IEnumerable<List<LoggedView>> ChunksOf(IEnumerable<ViewRecord> views, long firstId)
        => ChunksOf(views.Select((view, i) => new LoggedView(firstId + i, view)));

    /// <summary>
    /// Splits views, ids ascending, into chunks of one image each: a chunk holds a run of its
    /// image's consecutive views, so no two chunks of one image overlap.
    /// </summary>
    protected static IEnumerable<List<LoggedView>> ChunksOf(IEnumerable<LoggedView> views)
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

    private static ChunkRow ReadRow(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), (byte[])reader.GetValue(4));

    private static async Task<List<LoggedView>> ReadRowWindowAsync(
        DbConnection connection, DbTransaction transaction, long after, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {RowViewLog.Columns} FROM view_log WHERE id > @After ORDER BY id LIMIT {MoveWindow}";
        command.AddParameter("@After", after);

        var window = new List<LoggedView>(MoveWindow);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            window.Add(RowViewLog.ReadView(reader));
        }

        return window;
    }
}
