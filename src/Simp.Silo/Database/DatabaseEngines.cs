using Simp.Silo.Options;

namespace Simp.Silo.Database;

/// <summary>Picks the engine for a configured provider.</summary>
public static class DatabaseEngines
{
    /// <summary>The engine of <paramref name="provider"/>.</summary>
    public static IDatabaseEngine For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteEngine(),
        DatabaseProvider.Postgres => new PostgresEngine(),
        DatabaseProvider.SqlServer => new SqlServerEngine(),
        _ => throw new NotSupportedException(
            $"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)} '{provider}' is unknown; use sqlite, postgres or sqlserver."),
    };
}
