using System.Data.Common;
using Dapper;
using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>
/// The view log on a relational engine. Engines differ only in how a batch is appended and how a
/// page is limited; reading and deleting are shared.
/// </summary>
public abstract class SqlViewLog(DbDataSource dataSource) : IViewLog
{
    /// <summary>The columns every read selects, named as <see cref="ViewLogRow"/> expects.</summary>
    protected const string Columns =
        "id AS Id, batch_seq AS BatchSeq, image_id AS ImageId, image_uuid AS ImageUuid, viewed_at AS ViewedAt, " +
        "ip AS Ip, country_code AS CountryCode, country_name AS CountryName, user_agent AS UserAgent";

    /// <summary>The data source of the engine.</summary>
    protected DbDataSource DataSource { get; } = dataSource;

    /// <summary>Selects one image's views, newest first, with parameters ImageId, Before and Limit.</summary>
    protected abstract string ReadSql { get; }

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<LoggedView>> AppendAsync(ViewBatch batch, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public async Task<IReadOnlyList<LoggedView>> ReadAsync(
        long imageId, int limit, long? beforeViewId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new { ImageId = imageId, Before = beforeViewId ?? long.MaxValue, Limit = limit };
        var rows = await connection.QueryAsync<ViewLogRow>(
            new CommandDefinition(ReadSql, parameters, cancellationToken: cancellationToken));

        return [.. rows.Select(row => row.ToLoggedView())];
    }

    /// <inheritdoc />
    public async Task DeleteImageAsync(long imageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM view_log WHERE image_id = @ImageId", new { ImageId = imageId }, cancellationToken: cancellationToken));
    }

    /// <summary>The views of a batch already logged, in batch order; empty when it is not logged.</summary>
    protected static async Task<IReadOnlyList<LoggedView>> ReadBatchAsync(
        DbConnection connection, DbTransaction? transaction, object batchId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<ViewLogRow>(new CommandDefinition(
            $"SELECT {Columns} FROM view_log WHERE batch_id = @BatchId ORDER BY batch_seq",
            new { BatchId = batchId }, transaction, cancellationToken: cancellationToken));

        return [.. rows.Select(row => row.ToLoggedView())];
    }
}
