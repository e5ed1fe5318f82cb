using System.Data.Common;
using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>
/// The view log in SQL Server. A batch goes in as multi-row inserts and its counters as runs of
/// single-row statements, each sent in as few commands as the parameter limit allows, all in one
/// transaction: a batch is logged and counted whole or not at all.
/// </summary>
public sealed class SqlServerViewLog(DbDataSource dataSource) : RowViewLog(dataSource)
{
    /// <summary>SQL Server accepts at most 2,100 parameters in one command; this leaves a margin.</summary>
    private const int MaxParameters = 2000;

    private const string InsertHead = """
        INSERT INTO view_log
            (batch_id, batch_seq, image_id, image_uuid, viewed_at, ip, country_code, country_name, user_agent)
        VALUES
        """;

    // Holding an update lock on the first row of the batch (or on the gap where it would go) until
    // the commit makes a concurrent copy of the same batch wait here, then find it logged, rather
    // than fail on the unique index.
    private const string IsLoggedSql =
        "SELECT COUNT(*) FROM view_log WITH (UPDLOCK, HOLDLOCK) WHERE batch_id = @BatchId AND batch_seq = 0";

    /// <inheritdoc />
    protected override string RecentSql => $"SELECT TOP (@Limit) {Columns} FROM view_log ORDER BY id DESC";

    /// <inheritdoc />
    protected override string ReadSql => $"""
        SELECT TOP (@Limit) {Columns} FROM view_log
        WHERE image_id = @ImageId AND id < @Before
        ORDER BY id DESC
        """;

    /// <inheritdoc />
    public override async Task<bool> AppendAsync(ViewBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Returning without a commit rolls the transaction back when it is disposed, releasing the lock.
        if (await IsLoggedAsync(connection, transaction, batch.Id, cancellationToken))
        {
            return false;
        }

        await InsertAsync(connection, transaction, batch, cancellationToken);
        await CountAsync(connection, transaction, ViewSums.From(batch.Views), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<bool> IsLoggedAsync(
        DbConnection connection, DbTransaction transaction, Guid batchId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = IsLoggedSql;
        command.AddParameter("@BatchId", batchId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    private static Task InsertAsync(
        DbConnection connection, DbTransaction transaction, ViewBatch batch, CancellationToken cancellationToken)
    {
        var views = batch.Views.Select((view, seq) => (Seq: seq, View: view)).ToList();

        return ExecuteInChunksAsync(
            connection, transaction, views, parametersPerRow: 8, InsertHead, ",\n",
            i => $"(@BatchId, @Seq{i}, @ImageId{i}, @ImageUuid{i}, @ViewedAt{i}, @Ip{i}, " +
                 $"@CountryCode{i}, @CountryName{i}, @UserAgent{i})",
            command => command.AddParameter("@BatchId", batch.Id),
            (command, i, row) =>
            {
                command.AddParameter($"@Seq{i}", row.Seq);
                command.AddParameter($"@ImageId{i}", row.View.ImageId);
                command.AddParameter($"@ImageUuid{i}", row.View.ImageUuid);
                command.AddParameter($"@ViewedAt{i}", UnixTime.ToMilliseconds(row.View.ViewedAt));
                command.AddParameter($"@Ip{i}", row.View.Ip);
                command.AddParameter($"@CountryCode{i}", row.View.Country.Code);
                command.AddParameter($"@CountryName{i}", row.View.Country.Name);
                command.AddParameter($"@UserAgent{i}", row.View.UserAgent);
            },
            cancellationToken);
    }

    /// <summary>
    /// Adds the batch to the counters, one statement per key in the sorted order of
    /// <see cref="ViewSums"/>, so that concurrent batches lock shared rows in the same order. A
    /// missing day or country is inserted under a range lock taken by the update that missed it,
    /// so two batches bringing the same new key cannot both insert it.
    /// </summary>
    private static async Task CountAsync(
        DbConnection connection, DbTransaction transaction, ViewSums sums, CancellationToken cancellationToken)
    {
        await ExecuteInChunksAsync(
            connection, transaction, sums.Images, parametersPerRow: 2, "", "\n",
            i => $"UPDATE images SET views = views + @Views{i} WHERE id = @Key{i};",
            null,
            (command, i, image) =>
            {
                command.AddParameter($"@Key{i}", image.ImageId);
                command.AddParameter($"@Views{i}", image.Views);
            },
            cancellationToken);

        await ExecuteInChunksAsync(
            connection, transaction, sums.Days, parametersPerRow: 2, "", "\n",
            i => $"""
                UPDATE daily_views WITH (UPDLOCK, SERIALIZABLE) SET views = views + @Views{i} WHERE day = @Key{i};
                IF @@ROWCOUNT = 0 INSERT INTO daily_views (day, views) VALUES (@Key{i}, @Views{i});
                """,
            null,
            (command, i, day) =>
            {
                command.AddParameter($"@Key{i}", day.Day);
                command.AddParameter($"@Views{i}", day.Views);
            },
            cancellationToken);

        await ExecuteInChunksAsync(
            connection, transaction, sums.Countries, parametersPerRow: 3, "", "\n",
            i => $"""
                UPDATE country_views WITH (UPDLOCK, SERIALIZABLE) SET views = views + @Views{i}, name = @Name{i}
                WHERE code = @Key{i};
                IF @@ROWCOUNT = 0 INSERT INTO country_views (code, name, views) VALUES (@Key{i}, @Name{i}, @Views{i});
                """,
            null,
            (command, i, country) =>
            {
                command.AddParameter($"@Key{i}", country.Country.Code);
                command.AddParameter($"@Name{i}", country.Country.Name);
                command.AddParameter($"@Views{i}", country.Views);
            },
            cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="head"/> followed, on the next line, by one SQL fragment per row, joined by
    /// <paramref name="separator"/>, in as many commands as needed to keep each under
    /// <see cref="MaxParameters"/>. Fragments name their parameters with the row's index in the command.
    /// </summary>
    private static async Task ExecuteInChunksAsync<T>(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<T> rows, int parametersPerRow,
        string head, string separator, Func<int, string> fragment, Action<DbCommand>? addShared,
        Action<DbCommand, int, T> addRow, CancellationToken cancellationToken)
    {
        // One parameter is left for the shared ones; only the batch id is ever shared.
        var rowsPerCommand = (MaxParameters - 1) / parametersPerRow;

        foreach (var chunk in rows.Chunk(rowsPerCommand))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var fragments = Enumerable.Range(0, chunk.Length).Select(fragment);
            command.CommandText = $"{head}\n{string.Join(separator, fragments)}";
            addShared?.Invoke(command);
            for (var i = 0; i < chunk.Length; i++)
            {
                addRow(command, i, chunk[i]);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
