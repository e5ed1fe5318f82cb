using System.Data.Common;
using Npgsql;
using Simp.Grains.Storage;

namespace Simp.Silo.Database;

/// <summary>PostgreSQL through Npgsql, for production and clusters of silos.</summary>
public sealed class PostgresEngine : IDatabaseEngine
{
    /// <summary>Any fixed number will do, as long as nothing else in the database locks with it.</summary>
    private const long SchemaLockId = 0x53494D50;

    /// <inheritdoc />
    public string Invariant => "Npgsql";

    /// <inheritdoc />
    public bool WritesOneAtATime => false;

    /// <inheritdoc />
    public DbDataSource CreateDataSource(string connectionString) => NpgsqlDataSource.Create(connectionString);

    /// <inheritdoc />
    public async Task ApplySchemaAsync(DbDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Processes starting together against an empty database take turns; the lock ends with the transaction.
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({SchemaLockId});", cancellationToken);
        await ExecuteAsync(connection, transaction, SchemaScripts.Read("postgres"), cancellationToken);
        await new PostgresViewLog(dataSource).MoveViewRowsToChunksAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public IViewLog CreateViewLog(DbDataSource dataSource, WriteTurns turns) => new PostgresViewLog(dataSource);

    /// <inheritdoc />
    public IImageIndex CreateImageIndex(DbDataSource dataSource, WriteTurns turns) => new PostgresImageIndex(dataSource);

    private static async Task ExecuteAsync(
        DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
