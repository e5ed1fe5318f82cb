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
        RETURNING id, batch_seq
        """;

    /// <inheritdoc />
    protected override string ReadSql => $"""
        SELECT {Columns} FROM view_log
        WHERE image_id = @ImageId AND id < @Before
        ORDER BY id DESC
        LIMIT @Limit
        """;

    /// <inheritdoc />
    public override async Task<IReadOnlyList<LoggedView>> AppendAsync(ViewBatch batch, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var ids = await InsertAsync(connection, batch, cancellationToken);

        // Nothing inserted means the batch was logged before (a retry, or a concurrent copy of it
        // that won the race); its rows are read back so the caller gets the ids given then.
        if (ids.Count < batch.Views.Count)
        {
            return await ReadBatchAsync(connection, null, batch.Id, cancellationToken);
        }

        return [.. ids.OrderBy(pair => pair.Seq).Select(pair => new LoggedView(pair.Id, batch.Views[pair.Seq]))];
    }

    private static async Task<List<(long Id, int Seq)>> InsertAsync(DbConnection connection, ViewBatch batch, CancellationToken cancellationToken)
    {
        var views = batch.Views;

        await using var command = connection.CreateCommand();
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

        var ids = new List<(long Id, int Seq)>(views.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add((reader.GetInt64(0), reader.GetInt32(1)));
        }

        return ids;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
