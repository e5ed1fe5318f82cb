namespace Simp.Silo.Options;

/// <summary>The relational engines Simp keeps its state in.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded file under the data folder; the default.</summary>
    Sqlite,

    /// <summary>PostgreSQL through Npgsql.</summary>
    Postgres,

    /// <summary>SQL Server through Microsoft.Data.SqlClient.</summary>
    SqlServer,
}
