using System.Data.Common;
using Microsoft.Data.SqlClient;
using Simp.Grains.Storage;

namespace Simp.Silo.Database;

/// <summary>SQL Server through Microsoft.Data.SqlClient, for production and clusters of silos.</summary>
public sealed class SqlServerEngine : IDatabaseEngine
{
    /// <summary>
    /// Processes starting together against an empty database take turns on this lock. Waiting is
    /// bounded by the command timeout, and sp_getapplock reports a failure to lock as a negative
    /// result rather than an error, hence the explicit check.
    /// </summary>
    private const string LockSql = """
        DECLARE @result INT;
        EXEC @result = sp_getapplock @Resource = 'simp-schema', @LockMode = 'Exclusive', @LockOwner = 'Transaction';
        IF @result < 0
            THROW 50000, 'Could not take the simp-schema application lock to apply the database schema.', 1;
        """;

    /// <inheritdoc />
    public string Invariant => "Microsoft.Data.SqlClient";

    /// <inheritdoc />
    public bool WritesOneAtATime => false;

    /// <inheritdoc />
    public DbDataSource CreateDataSource(string connectionString) =>
        SqlClientFactory.Instance.CreateDataSource(connectionString);

    /// <inheritdoc />
    public async Task ApplySchemaAsync(DbDataSource dataSource, CancellationToken cancellationToken)
    {
        var batches = SplitBatches(SchemaScripts.Read("sqlserver"));

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The lock belongs to the transaction, so it is released by the commit or by the rollback
        // of a failed start, and a half-applied script never becomes visible.
        await ExecuteAsync(connection, transaction, LockSql, cancellationToken);
        foreach (var batch in batches)
        {
            await ExecuteAsync(connection, transaction, batch, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public IViewLog CreateViewLog(DbDataSource dataSource, WriteTurns turns) => new SqlServerViewLog(dataSource);

    /// <inheritdoc />
    public IImageIndex CreateImageIndex(DbDataSource dataSource, WriteTurns turns) => new SqlServerImageIndex(dataSource);

    /// <summary>
    /// Cuts a script into the batches SQL Server compiles one at a time: a line holding only
    /// <c>GO</c> (any case, blanks around it) ends a batch, as in sqlcmd, and is not sent. Blank
    /// batches are dropped. The split is by lines only, so a script must not hold such a line inside
    /// a string literal or comment.
    /// </summary>
    internal static IReadOnlyList<string> SplitBatches(string script)
    {
        ArgumentNullException.ThrowIfNull(script);

        var batches = new List<string>();
        var current = new List<string>();
        foreach (var line in script.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.Trim().Equals("GO", StringComparison.OrdinalIgnoreCase))
            {
                Flush();
            }
            else
            {
                current.Add(line);
            }
        }

        Flush();
        return batches;

        void Flush()
        {
            var batch = string.Join('\n', current);
            if (!string.IsNullOrWhiteSpace(batch))
            {
                batches.Add(batch);
            }

            current.Clear();
        }
    }

    private static async Task ExecuteAsync(
        DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
