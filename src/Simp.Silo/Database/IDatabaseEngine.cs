using System.Data.Common;
using Simp.Grains.Storage;

namespace Simp.Silo.Database;

/// <summary>Everything that differs between the relational engines Simp runs on.</summary>
public interface IDatabaseEngine
{
    /// <summary>The ADO.NET invariant name the Orleans providers know the engine by.</summary>
    string Invariant { get; }

    /// <summary>
    /// True when the engine takes one writer at a time (SQLite): the process's writes, grain state
    /// included, then queue for their turn in <see cref="WriteTurns"/> instead of colliding.
    /// </summary>
    bool WritesOneAtATime { get; }

    /// <summary>A pooled data source for the project's own queries.</summary>
    DbDataSource CreateDataSource(string connectionString);

    /// <summary>
    /// Creates or updates the Orleans tables and queries and the project's tables. Safe to run at
    /// every start, and by several processes at once.
    /// </summary>
    Task ApplySchemaAsync(DbDataSource dataSource, CancellationToken cancellationToken);

    /// <summary>The view log on this engine; <paramref name="turns"/> serve an engine that writes one at a time.</summary>
    IViewLog CreateViewLog(DbDataSource dataSource, WriteTurns turns);

    /// <summary>The images table on this engine; <paramref name="turns"/> serve an engine that writes one at a time.</summary>
    IImageIndex CreateImageIndex(DbDataSource dataSource, WriteTurns turns);
}
