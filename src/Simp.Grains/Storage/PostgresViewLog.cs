using System.Data.Common;
using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>
/// The view log in PostgreSQL. A batch goes in as one statement that unnests a column array per
/// field, and its counters as one more, in one transaction with one commit however large the batch.
/// </summary>
public sealed class PostgresViewLog(DbDataSource dataSource) : RowViewLog(dataSource)
{
    // A concurrent copy of the same batch waits on the batch row and then inserts nothing.
    private const string ClaimSql = "INSERT INTO view_batches (batch_id) VALUES (@BatchId) ON CONFLICT DO NOTHING";

    // Rows go in by their place in the batch, so their ids follow the order the views happened in.
    private const string InsertSql = """
        INSERT INTO view_log (image_id, image_uuid, viewed_at, ip, country_code, country_name, user_agent)
        SELECT v.image_id, v.image_uuid, v.viewed_at, v.ip, v.country_code, v.country_name, v.user_agent
        FROM unnest(@ImageIds, @ImageUuids, @ViewedAts, @Ips, @CountryCodes, @CountryNames, @UserAgents)
            WITH ORDINALITY AS v(image_id, image_uuid, viewed_at, ip, country_code, country_name, user_agent, seq)
        ORDER BY v.seq
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

        // A batch id the log holds already is a retry, or a concurrent copy that won the race:
        // the counters hold it already.
        if (!await ClaimAsync(connection, transaction, batch.Id, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await InsertAsync(connection, transaction, batch, cancellationToken);
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

    private static async Task<bool> ClaimAsync(DbConnection connection, DbTransaction transaction, Guid batchId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ClaimSql;
        command.AddParameter("BatchId", batchId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<int> InsertAsync(
        DbConnection connection, DbTransaction transaction, ViewBatch batch, CancellationToken cancellationToken)
    {
        var views = batch.Views;

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertSql;
        command.AddParameter("ImageIds", views.Select(view => view.ImageId).ToArray());
        command.AddParameter("ImageUuids", views.Select(view => view.ImageUuid).ToArray());
        command.AddParameter("ViewedAts", views.Select(view => UnixTime.ToMilliseconds(view.ViewedAt)).ToArray());
        command.AddParameter("Ips", views.Select(view => view.Ip).ToArray());
        command.AddParameter("CountryCodes", views.Select(view => view.Country.Code).ToArray());
        command.AddParameter("CountryNames", views.Select(view => view.Country.Name).ToArray());
        command.AddParameter("UserAgents", views.Select(view => view.UserAgent).ToArray());

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
