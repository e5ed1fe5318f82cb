using System.Data.Common;
using Dapper;
using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>
/// A view log with one row per view, on the engines that share a server among many writers
/// (PostgreSQL, SQL Server). Engines differ in how a batch is appended and how a page is limited.
/// </summary>
public abstract class RowViewLog(DbDataSource dataSource) : SqlViewLog(dataSource)
{
    /// <summary>The columns every read of views selects, in the order <see cref="ReadViewsAsync"/> reads them.</summary>
    protected internal const string Columns = "id, image_id, image_uuid, viewed_at, ip, country_code, country_name, user_agent";

    /// <summary>Selects one image's views, newest first, with parameters ImageId, Before and Limit.</summary>
    protected abstract string ReadSql { get; }

    /// <summary>Selects the newest views of the site, newest first, with parameter Limit.</summary>
    protected abstract string RecentSql { get; }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<LoggedView>> ReadAsync(
        long imageId, int limit, long? beforeViewId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = ReadSql;
        command.AddParameter("@ImageId", imageId);
        command.AddParameter("@Before", beforeViewId ?? long.MaxValue);
        command.AddParameter("@Limit", limit);
        return await ReadViewsAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<LoggedView>> ReadRecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = RecentSql;
        command.AddParameter("@Limit", limit);
        return await ReadViewsAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public override async Task DeleteImageAsync(long imageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM view_log WHERE image_id = @ImageId", new { ImageId = imageId }, cancellationToken: cancellationToken));
    }

    // Read by position rather than mapped by name: a history page is a hundred rows, and reading
    // them this way serves about a fifth more history requests.
    private static async Task<IReadOnlyList<LoggedView>> ReadViewsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var views = new List<LoggedView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            views.Add(ReadView(reader));
        }

        return views;
    }

    /// <summary>The view at the reader's row, whose fields are <see cref="Columns"/> in order.</summary>
    internal static LoggedView ReadView(DbDataReader reader)
    {
        var view = new ViewRecord(
            ImageId: reader.GetInt64(1),
            ImageUuid: reader.GetString(2),
            ViewedAt: UnixTime.FromMilliseconds(reader.GetInt64(3)),
            Ip: reader.IsDBNull(4) ? null : reader.GetString(4),
            Country: new Country(reader.GetString(5), reader.GetString(6)),
            UserAgent: reader.GetString(7));
        return new LoggedView(reader.GetInt64(0), view);
    }
}
