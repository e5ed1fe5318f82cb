using System.Data.Common;
using Microsoft.Data.Sqlite;
using Simp.Grains.Storage;

namespace Simp.Silo.Database;

/// <summary>SQLite, the embedded default: one file, written in WAL mode.</summary>
public sealed class SqliteEngine : IDatabaseEngine
{
    /// <summary>Orleans knows Microsoft.Data.Sqlite by the invariant of the older System.Data.SQLite.</summary>
    public string Invariant => "System.Data.SQLite";

    /// <inheritdoc />
    public bool WritesOneAtATime => true;

    /// <summary>A connection string for a database file, waiting up to 30 s for a busy file.</summary>
    public static string ConnectionStringFor(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <inheritdoc />
    public DbDataSource CreateDataSource(string connectionString) => SqliteFactory.Instance.CreateDataSource(connectionString);

    /// <inheritdoc />
    public async Task ApplySchemaAsync(DbDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // WAL lets readers go on while a batch is written; the mode is kept in the file and cannot
        // change inside a transaction.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);

        // An immediate transaction takes the write lock first, so processes starting together
        // apply the script one after the other.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, SchemaScripts.Read("sqlite"), cancellationToken);
        await AddPrivacyColumnsAsync(connection, transaction, cancellationToken);
        await new SqliteViewLog(dataSource, new WriteTurns()).MoveViewRowsToChunksAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public IViewLog CreateViewLog(DbDataSource dataSource, WriteTurns turns) => new SqliteViewLog(dataSource, turns);

    /// <inheritdoc />
    public IImageIndex CreateImageIndex(DbDataSource dataSource, WriteTurns turns) => new SqliteImageIndex(dataSource, turns);

    // SQLite has no ADD COLUMN IF NOT EXISTS. An images table from a build that kept privacy in the
    // grains' state gains the columns empty, for the silo to fill in; a count table from a build that
    // added the catalogue's count instead gains the flag unset, so the count is taken from the rows.
    private static async Task AddPrivacyColumnsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await AddColumnUnlessPresentAsync(connection, transaction, "images", "is_private", "INTEGER NULL", cancellationToken);
        await AddColumnUnlessPresentAsync(connection, transaction, "images", "private_key", "TEXT NULL", cancellationToken);
        await AddColumnUnlessPresentAsync(connection, transaction, "image_counts", "counted", "INTEGER NOT NULL DEFAULT 0", cancellationToken);
    }

    private static async Task AddColumnUnlessPresentAsync(
        DbConnection connection, DbTransaction transaction, string table, string column, string definition, CancellationToken cancellationToken)
    {
        await using var lookup = connection.CreateCommand();
        lookup.Transaction = transaction;
        lookup.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        if (Convert.ToInt64(await lookup.ExecuteScalarAsync(cancellationToken)) == 0)
        {
            await ExecuteAsync(connection, transaction, $"ALTER TABLE {table} ADD COLUMN {column} {definition};", cancellationToken);
        }
    }

    private static async Task ExecuteAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
