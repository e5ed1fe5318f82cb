using Orleans;

namespace Simp.Silo.Options;

/// <summary>Where grain state, the images table and the view log are kept. Section <c>Simp:Database</c>.</summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Simp:Database";

    /// <summary>The file name of the embedded database inside the data folder.</summary>
    public const string DefaultSqliteFileName = "simp.db";

    /// <summary>The engine: <c>sqlite</c> (default), <c>postgres</c> or <c>sqlserver</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The ADO.NET connection string. Optional for SQLite, which defaults to
    /// <c>{DataPath}/simp.db</c>; required for the other engines.
    /// </summary>
    [Redact]
    public string? ConnectionString { get; set; }
}
