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
    /// <summary>The columns every read of views selects, in the order <see cref="ReadViewsAsync"/> reads them.</summary>
    protected const string Columns = "id, image_id, image_uuid, viewed_at, ip, country_code, country_name, user_agent";

    /// <summary>The data source of the engine.</summary>
    protected DbDataSource DataSource { get; } = dataSource;

    /// <summary>Selects one image's views, newest first, with parameters ImageId, Before and Limit.</summary>
    protected abstract string ReadSql { get; }

    /// <summary>Selects the newest views of the site, newest first, with parameter Limit.</summary>
    protected abstract string RecentSql { get; }

    /// <inheritdoc />
    public abstract Task<bool> AppendAsync(ViewBatch batch, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public async Task<IReadOnlyList<LoggedView>> ReadAsync(
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
    public async Task<IReadOnlyList<LoggedView>> ReadRecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = RecentSql;
        command.AddParameter("@Limit", limit);
        return await ReadViewsAsync(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DailyViews>> ReadDailyAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken = default)
    {
        var (from, to) = (ViewSums.DayOf(first.ToDateTime(TimeOnly.MinValue)), ViewSums.DayOf(last.ToDateTime(TimeOnly.MinValue)));

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var counted = (await connection.QueryAsync<(long Day, long Views)>(new CommandDefinition(
            "SELECT day, views FROM daily_views WHERE day >= @From AND day <= @To",
            new { From = from, To = to }, cancellationToken: cancellationToken)))
            .ToDictionary(row => (int)row.Day, row => row.Views);

        return [.. Enumerable.Range(from, to - from + 1).Select(day => new DailyViews(ViewSums.DateOf(day), counted.GetValueOrDefault(day)))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CountryViews>> ReadCountriesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Code, string Name, long Views)>(new CommandDefinition(
            "SELECT code, name, views FROM country_views ORDER BY views DESC, name", cancellationToken: cancellationToken));

        return [.. rows.Select(row => new CountryViews(new Country(row.Code, row.Name), row.Views))];
    }

    /// <inheritdoc />
    public async Task<long> ReadTotalAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(SUM(views), 0) FROM daily_views", cancellationToken: cancellationToken));
    }

    // Read by position rather than mapped by name: a history page is a hundred rows, and reading
    // them this way serves about a fifth more history requests.
    private static async Task<IReadOnlyList<LoggedView>> ReadViewsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var views = new List<LoggedView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var view = new ViewRecord(
                ImageId: reader.GetInt64(1),
                ImageUuid: reader.GetString(2),
                ViewedAt: UnixTime.FromMilliseconds(reader.GetInt64(3)),
                Ip: reader.IsDBNull(4) ? null : reader.GetString(4),
                Country: new Country(reader.GetString(5), reader.GetString(6)),
                UserAgent: reader.GetString(7));
            views.Add(new LoggedView(reader.GetInt64(0), view));
        }

        return views;
    }

    /// <inheritdoc />
    public Task DeleteImageAsync(long imageId, CancellationToken cancellationToken = default) => WriteAsync(async () =>
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM view_log WHERE image_id = @ImageId", new { ImageId = imageId }, cancellationToken: cancellationToken));
    });

    /// <summary>Runs a write; an engine with one writer at a time queues it for its turn.</summary>
    protected virtual Task WriteAsync(Func<Task> write) => write();
}
