namespace Simp.Tests.Infrastructure;

/// <summary>The engines tests run against, each giving a fresh, empty database per call.</summary>
public enum TestEngine
{
    Sqlite,
    Postgres,
}

/// <summary>Settings that point a silo or gateway at a fresh database of an engine.</summary>
public static class TestDatabase
{
    /// <summary>
    /// The database settings for a new, empty database. SQLite needs none: it uses the file in the
    /// data folder, which is new for every test.
    /// </summary>
    public static async Task<Dictionary<string, string?>> NewAsync(TestEngine engine)
    {
        if (engine == TestEngine.Sqlite)
        {
            return new Dictionary<string, string?>();
        }

        var server = await PostgresServer.SharedAsync();
        return new Dictionary<string, string?>
        {
            ["Simp:Database:Provider"] = "postgres",
            ["Simp:Database:ConnectionString"] = await server.CreateDatabaseAsync(),
        };
    }
}
