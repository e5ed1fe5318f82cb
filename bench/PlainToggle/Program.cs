using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

// Toggles one row's privacy at POST /api/privacy/{id}, as Simp does, in one durable SQLite
// transaction that also moves a count of private rows, and answers with the new state. Nothing
// else: no authentication, no actors, no second copy of the state. Its statements stay compiled on
// one connection, and one request writes at a time.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();

var app = builder.Build();
var database = app.Configuration["database"] ?? throw new InvalidOperationException("--database is required");

using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
connection.Open();
Run(connection.CreateCommand(), """
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
    CREATE TABLE IF NOT EXISTS images (id INTEGER PRIMARY KEY, is_private INTEGER NOT NULL, private_key TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS counts (id INTEGER PRIMARY KEY, private_images INTEGER NOT NULL);
    INSERT OR IGNORE INTO images VALUES (1, 0, '');
    INSERT OR IGNORE INTO counts VALUES (1, 0);
    """);

var begin = Compile("BEGIN IMMEDIATE");
var setPrivacy = Compile("UPDATE images SET is_private = $private, private_key = $key WHERE id = $id");
var moveCount = Compile("UPDATE counts SET private_images = private_images + $delta WHERE id = 1");
var commit = Compile("COMMIT");
var turn = new SemaphoreSlim(1, 1);
var isPrivate = false;

app.MapPost("/api/privacy/{id:long}", async (long id) =>
{
    await turn.WaitAsync();
    try
    {
        isPrivate = !isPrivate;
        var key = isPrivate ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : "";
        setPrivacy.Parameters["$private"].Value = isPrivate;
        setPrivacy.Parameters["$key"].Value = key;
        setPrivacy.Parameters["$id"].Value = id;
        moveCount.Parameters["$delta"].Value = isPrivate ? 1 : -1;

        begin.ExecuteNonQuery();
        setPrivacy.ExecuteNonQuery();
        moveCount.ExecuteNonQuery();
        commit.ExecuteNonQuery();
        return Results.Ok(new { success = true, isPrivate, privateKey = key });
    }
    finally
    {
        turn.Release();
    }
});

app.Run();

SqliteCommand Compile(string sql)
{
    var command = connection.CreateCommand();
    command.CommandText = sql;
    foreach (var name in new[] { "$private", "$key", "$id", "$delta" }.Where(sql.Contains))
    {
        command.Parameters.Add(new SqliteParameter(name, null));
    }

    command.Prepare();
    return command;
}

static void Run(SqliteCommand command, string sql)
{
    command.CommandText = sql;
    command.ExecuteNonQuery();
    command.Dispose();
}
