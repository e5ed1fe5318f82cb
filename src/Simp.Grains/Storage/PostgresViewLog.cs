using System.Data.Common;
using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>
/// The view log in PostgreSQL. A batch takes a block of ids of its own, so writers side by side
/// never interleave their ids; its chunks go in as one statement that unnests a column array per
/// field, and its counters as one more, in one transaction with one commit however large the batch.
/// </summary>
public sealed class PostgresViewLog(DbDataSource dataSource) : ChunkViewLog(dataSource)
{
    /// <summary>A view's id is its batch's block number shifted by this, plus its place in the batch.</summary>
    private const int BlockBits = 20;

    /// <summary>The most views one batch may hold: a block's worth of ids.</summary>
    public const int MaxViewsPerBatch = 1 << BlockBits;

    // A concurrent copy of the same batch waits on the batch row and then inserts nothing, and so
    // takes no block: RETURNING yields a row only for a batch id this transaction claimed.
    private const string ClaimSql = """
        INSERT INTO view_batches (batch_id) VALUES (@BatchId) ON CONFLICT DO NOTHING
        RETURNING nextval('view_blocks')
        """;

    private const string InsertSql = """
        INSERT INTO view_chunks (id, image_id, first_id, image_uuid, views)
        SELECT * FROM unnest(@Ids, @ImageIds, @FirstIds, @ImageUuids, @Views)
        """;

    // Concurrent batches must lock shared rows in one order, or two of them can deadlock. The
    // upserts take their rows in the order given, which is sorted; an UPDATE joined to its keys
    // takes them in whatever order the plan meets them, so the images are locked by id first.
    private const string CountSql = """
        SELECT 1 FROM images WHERE id = ANY(@ImageKeys) ORDER BY id FOR UPDATE;

        UPDATE images AS i SET views = i.views + c.views
        FROM unnest(@ImageKeys, @ImageViews) AS c(id, views)
        WHERE i.id = c.id;

        INSERT INTO daily_views (day, views)
        SELECT * FROM unnest(@DayKeys, @DayViews)
        ON CONFLICT (day) DO UPDATE SET views = daily_views.views + EXCLUDED.views;

        INSERT INTO country_views (code, name, views)
        SELECT * FROM unnest(@CountryCodes, @CountryNames, @CountryViews)
        ON CONFLICT (code) DO UPDATE SET views = country_views.views + EXCLUDED.views, name = EXCLUDED.name;
        """;

    /// <inheritdoc />
    protected override string RowLogExistsSql => "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'view_log'";

    /// <inheritdoc />
    public override async Task<bool> AppendAsync(ViewBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch.Views.Count, MaxViewsPerBatch);

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // A batch id the log holds already is a retry, or a concurrent copy that won the race:
        // the counters hold it already.
        if (await ClaimAsync(connection, transaction, batch.Id, cancellationToken) is not { } block)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await InsertChunksAsync(connection, transaction, ChunksOf(batch.Views, block << BlockBits), cancellationToken);
        await CountAsync(connection, transaction, ViewSums.From(batch.Views), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task CountAsync(DbConnection connection, DbTransaction transaction, ViewSums sums, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = CountSql;
        command.AddParameter("ImageKeys", sums.Images.Select(image => image.ImageId).ToArray());
        command.AddParameter("ImageViews", sums.Images.Select(image => image.Views).ToArray());
        command.AddParameter("DayKeys", sums.Days.Select(day => day.Day).ToArray());
        command.AddParameter("DayViews", sums.Days.Select(day => day.Views).ToArray());
        command.AddParameter("CountryCodes", sums.Countries.Select(country => country.Country.Code).ToArray());
        command.AddParameter("CountryNames", sums.Countries.Select(country => country.Country.Name).ToArray());
        command.AddParameter("CountryViews", sums.Countries.Select(country => country.Views).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records the batch id; the batch's block of ids, or null when the log holds the batch already.</summary>
    private static async Task<long?> ClaimAsync(DbConnection connection, DbTransaction transaction, Guid batchId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ClaimSql;
        command.AddParameter("BatchId", batchId);
        return await command.ExecuteScalarAsync(cancellationToken) is long block ? block : null;
    }

    /// <inheritdoc />
    protected override async Task InsertChunksAsync(
        DbConnection connection, DbTransaction transaction, IEnumerable<List<LoggedView>> chunks, CancellationToken cancellationToken)
    {
        var list = chunks.ToList();
        if (list.Count == 0)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertSql;
        command.AddParameter("Ids", list.Select(chunk => chunk[^1].Id).ToArray());
        command.AddParameter("ImageIds", list.Select(chunk => chunk[0].View.ImageId).ToArray());
        command.AddParameter("FirstIds", list.Select(chunk => chunk[0].Id).ToArray());
        command.AddParameter("ImageUuids", list.Select(chunk => chunk[0].View.ImageUuid).ToArray());
        command.AddParameter("Views", list.Select(ViewChunk.Encode).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task OnRowsMovedAsync(DbConnection connection, DbTransaction transaction, long lastId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT setval('view_blocks', GREATEST(last_value, @Block)) FROM view_blocks";
        command.AddParameter("Block", (lastId >> BlockBits) + 1);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
