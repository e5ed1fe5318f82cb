using System.Data.Common;
using Simp.Grains.Storage;

namespace Simp.Silo.Database;

/// <summary>Everything that differs between the relational engines Simp runs on.</summary>
public interface IDatabaseEngine
{
    /// <summary>The ADO.NET invariant name the Orleans providers know the engine by.</summary>
    string Invariant { get; }

    /// <summary>A pooled data source for the project's own queries.</summary>
    DbDataSource CreateDataSource(string connectionString);

    /// <summary>
    /// Creates or updates the Orleans tables and queries and the project's tables. Safe to run at
    /// every start, and by several processes at once.
    /// </summary>
    Task ApplySchemaAsync(DbDataSource dataSource, CancellationToken cancellationToken);

    /// <summary>The view log on this engine.</summary>
    IViewLog CreateViewLog(DbDataSource dataSource);

    /// <summary>The images table on this engine.</summary>
    IImageIndex CreateImageIndex(DbDataSource dataSource);
}
