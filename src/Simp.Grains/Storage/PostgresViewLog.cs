using System.Data.Common;
using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>
/// The view log in PostgreSQL. A batch goes in as one statement that unnests a column array per
/// field: one round trip and one commit however large the batch, and atomic, so a batch is either
/// logged whole or not at all.
/// </summary>
public sealed class PostgresViewLog(DbDataSource dataSource) : SqlViewLog(dataSource)
{
    private const string InsertSql = """
        INSERT INTO view_log (batch_id, batch_seq, image_id, image_uuid, viewed_at, ip, country_code, country_name, user_agent)
        SELECT @BatchId, v.* FROM unnest(@Seqs, @ImageIds, @ImageUuids, @ViewedAts, @Ips, @CountryCodes, @CountryNames, @UserAgents) AS v
        ON CONFLICT (batch_id, batch_seq) DO NOTHING
        """;

    // Each counter statement takes one row per key, sorted, so concurrent batches lock rows in one order.
    private const string CountSql = """
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
    protected override string RecentSql => $"SELECT {Columns} FROM view_log ORDER BY id DESC LIMIT @Limit";

    /// <inheritdoc />
    protected override string ReadSql => $"""
        SELECT {Columns} FROM view_log
        WHERE image_id = @ImageId AND id < @Before
        ORDER BY id DESC
        LIMIT @Limit
        """;

    /// <inheritdoc />
    public override async Task<bool> AppendAsync(ViewBatch batch, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await InsertAsync(connection, transaction, batch, cancellationToken);

        // Fewer rows than views means the batch was logged before (a retry, or a concurrent copy of
        // it that won the race): the counters already hold it.
        if (inserted < batch.Views.Count)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await CountAsync(connection, transaction, ViewSums.From(batch.Views), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task CountAsync(DbConnection connection, DbTransaction transaction, ViewSums sums, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = CountSql;
        Add(command, "ImageKeys", sums.Images.Select(image => image.ImageId).ToArray());
        Add(command, "ImageViews", sums.Images.Select(image => image.Views).ToArray());
        Add(command, "DayKeys", sums.Days.Select(day => day.Day).ToArray());
        Add(command, "DayViews", sums.Days.Select(day => day.Views).ToArray());
        Add(command, "CountryCodes", sums.Countries.Select(country => country.Country.Code).ToArray());
        Add(command, "CountryNames", sums.Countries.Select(country => country.Country.Name).ToArray());
        Add(command, "CountryViews", sums.Countries.Select(country => country.Views).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> InsertAsync(
        DbConnection connection, DbTransaction transaction, ViewBatch batch, CancellationToken cancellationToken)
    {
        var views = batch.Views;

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertSql;
        Add(command, "BatchId", batch.Id);
        Add(command, "Seqs", Enumerable.Range(0, views.Count).ToArray());
        Add(command, "ImageIds", views.Select(view => view.ImageId).ToArray());
        Add(command, "ImageUuids", views.Select(view => view.ImageUuid).ToArray());
        Add(command, "ViewedAts", views.Select(view => UnixTime.ToMilliseconds(view.ViewedAt)).ToArray());
        Add(command, "Ips", views.Select(view => view.Ip).ToArray());
        Add(command, "CountryCodes", views.Select(view => view.Country.Code).ToArray());
        Add(command, "CountryNames", views.Select(view => view.Country.Name).ToArray());
        Add(command, "UserAgents", views.Select(view => view.UserAgent).ToArray());

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
