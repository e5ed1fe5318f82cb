using System.Diagnostics;
using Npgsql;

namespace Simp.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server for the test run. When <c>SIMP_TEST_POSTGRES</c> holds a connection string
/// that server is used; otherwise a throwaway one is made with initdb in a temporary folder, started
/// with pg_ctl on a free loopback port, and stopped when the test process exits.
/// </summary>
public sealed class PostgresServer
{
    /// <summary>The environment variable naming an existing server to use instead.</summary>
    public const string ConnectionStringVariable = "SIMP_TEST_POSTGRES";

    private const string FolderPrefix = "simp-pg-";

    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(StartAsync);

    private readonly string _adminConnectionString;

    private PostgresServer(string adminConnectionString) => _adminConnectionString = adminConnectionString;

    /// <summary>The server of this test run, started on first use.</summary>
    public static Task<PostgresServer> SharedAsync() => SharedServer.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"simp_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    private static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } existing)
        {
            return new PostgresServer(existing);
        }

        var binaries = FindBinaries();
        RemoveStoppedServers();
        var folder = Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Guid.NewGuid():N}");
        var dataFolder = Path.Combine(folder, "data");
        Directory.CreateDirectory(folder);
        var port = FreePorts.Next();

        // PostgreSQL refuses to run as root; as root, the server runs as the postgres user.
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        if (runAs is not null)
        {
            await RunAsync("chown", null, "-R", runAs, folder);
        }

        await RunAsync(Path.Combine(binaries, "initdb"), runAs, "-D", dataFolder, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8");
        await RunAsync(Path.Combine(binaries, "pg_ctl"), runAs, "-D", dataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-o",
            $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start");

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(binaries, runAs, dataFolder, folder);
        return new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50");
    }

    private static void Stop(string binaries, string? runAs, string dataFolder, string folder)
    {
        RunAsync(Path.Combine(binaries, "pg_ctl"), runAs, "-D", dataFolder, "-m", "immediate", "-w", "stop").Wait(TimeSpan.FromSeconds(20));
        TryDelete(folder);
    }

    /// <summary>
    /// Removes the folders of earlier runs whose server is no longer running: the test host may end
    /// before its exit handler has deleted them.
    /// </summary>
    private static void RemoveStoppedServers()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (!File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
            {
                TryDelete(folder);
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Still in use; a later run removes it.
        }
    }

    private static string FindBinaries()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(path => path, StringComparer.Ordinal).Select(path => Path.Combine(path, "bin"))
            : [];

        return installed.FirstOrDefault(bin => File.Exists(Path.Combine(bin, "initdb")))
            ?? throw new InvalidOperationException(
                $"PostgreSQL tests need initdb and pg_ctl under /usr/lib/postgresql/<version>/bin (Debian package postgresql-15), " +
                $"or {ConnectionStringVariable} naming a server to use.");
    }

    private static async Task RunAsync(string program, string? runAs, params string[] arguments)
    {
        var start = new ProcessStartInfo(runAs is null ? program : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (runAs is not null)
        {
            foreach (var argument in new[] { "-u", runAs, "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await errors}{await output}");
        }
    }
}
