using System.Data.Common;
using Dapper;
using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>
/// The view log on a relational engine. Engines differ in how views are stored and appended; the
/// counters kept with the log (per day, per country) are read the same way on all of them.
/// </summary>
public abstract class SqlViewLog(DbDataSource dataSource) : IViewLog
{
    /// <summary>The data source of the engine.</summary>
    protected DbDataSource DataSource { get; } = dataSource;

    /// <inheritdoc />
    public abstract Task<bool> AppendAsync(ViewBatch batch, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<LoggedView>> ReadAsync(
        long imageId, int limit, long? beforeViewId, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task<IReadOnlyList<LoggedView>> ReadRecentAsync(int limit, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public abstract Task DeleteImageAsync(long imageId, CancellationToken cancellationToken = default);

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
}
