using System.Data.Common;
using Microsoft.Data.Sqlite;
using Simp.Grains.Storage;
using Simp.Grains.Views;
using Simp.Silo.Database;
using Simp.Tests.Infrastructure;
using static Simp.Tests.Infrastructure.TestViews;

namespace Simp.Tests.Storage;

public sealed class SqliteChunkViewLogTests() : ChunkViewLogTests(TestEngine.Sqlite);

public sealed class PostgresChunkViewLogTests() : ChunkViewLogTests(TestEngine.Postgres);

/// <summary>The view logs that store views as chunks, on a real database of each engine.</summary>
public abstract class ChunkViewLogTests(TestEngine engine) : IAsyncLifetime
{
    private static readonly DateTime Noon = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    private readonly TempFolder _data = new();

    private IDatabaseEngine _engine = null!;

    private DbDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        var settings = await TestDatabase.NewAsync(engine);
        (_engine, var connectionString) = engine == TestEngine.Sqlite
            ? ((IDatabaseEngine)new SqliteEngine(), SqliteEngine.ConnectionStringFor(Path.Combine(_data.Path, "simp.db")))
            : (new PostgresEngine(), settings["Simp:Database:ConnectionString"]!);
        _dataSource = _engine.CreateDataSource(connectionString);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    [Fact]
    public async Task Views_ReadBack_ExactlyAsRecorded()
    {
        // Arrange: what a chunk stores once or as a difference varies from view to view
        var log = await OpenLogAsync();
        var views = new[]
        {
            new ViewRecord(1, "uuid-1", Noon, "203.0.113.7", Britain, "agent-a"),
            new ViewRecord(1, "uuid-1", Noon.AddDays(-3).AddMilliseconds(1), null, new Country("XX", "Unknown"), ""),
            new ViewRecord(1, "uuid-1", Noon.AddYears(2), "2001:db8::1", Germany, "agent-b ünïcødé"),
            new ViewRecord(1, "uuid-1", Noon, "203.0.113.7", Britain, "agent-a"),
        };

        // Act
        await log.AppendAsync(new ViewBatch(Guid.NewGuid(), views));
        var read = await log.ReadAsync(1, 10, null);

        // Assert
        Assert.Equal(views.Reverse(), read.Select(logged => logged.View));
        Assert.Equal(read.Select(logged => logged.Id).OrderDescending(), read.Select(logged => logged.Id));
        Assert.Equal(4, read.Select(logged => logged.Id).Distinct().Count());
    }

    [Fact]
    public async Task History_SpanningManyChunks_PagesThroughEveryViewOnce()
    {
        // Arrange: one image's views interleaved with another's, in several batches, so pages
        // start and end inside chunks
        var log = await OpenLogAsync();
        var sent = new List<ViewRecord>();
        for (var batch = 0; batch < 4; batch++)
        {
            var views = Enumerable.Range(0, 150).Select(i => View(i % 3 == 0 ? 2 : 1, Noon.AddSeconds((batch * 150) + i), States, $"v{(batch * 150) + i}")).ToArray();
            sent.AddRange(views.Where(view => view.ImageId == 1));
            await log.AppendAsync(Batch(views));
        }

        // Act
        var pages = new List<IReadOnlyList<LoggedView>>();
        long? before = null;
        do
        {
            pages.Add(await log.ReadAsync(1, 70, before));
            before = pages[^1].Count > 0 ? pages[^1][^1].Id : null;
        }
        while (pages[^1].Count == 70);

        // Assert
        var read = pages.SelectMany(page => page).ToList();
        Assert.Equal(sent.AsEnumerable().Reverse().Select(view => view.Ip), read.Select(logged => logged.View.Ip));
        Assert.True(read.Zip(read.Skip(1), (newer, older) => newer.Id > older.Id).All(descending => descending));
    }

    [Fact]
    public async Task Recent_AcrossManyImages_IsTheNewestViewsNewestFirst()
    {
        // Arrange: every chunk of the last batch spans most of it, so the newest views are spread
        // over many chunks
        var log = await OpenLogAsync();
        var sent = new List<ViewRecord>();
        for (var batch = 0; batch < 3; batch++)
        {
            var views = Enumerable.Range(0, 400).Select(i => View(1 + ((i * 7) % 23), Noon, Britain, $"v{(batch * 400) + i}")).ToArray();
            sent.AddRange(views);
            await log.AppendAsync(Batch(views));
        }

        // Act
        var recent = await log.ReadRecentAsync(100);

        // Assert
        Assert.Equal(sent.TakeLast(100).Reverse().Select(view => view.Ip), recent.Select(logged => logged.View.Ip));
    }

    [Fact]
    public async Task DeleteImage_RemovesOnlyItsViews()
    {
        // Arrange
        var log = await OpenLogAsync();
        await log.AppendAsync(Batch(View(1, Noon, Britain, "a"), View(2, Noon, Britain, "b"), View(1, Noon, Britain, "c")));

        // Act
        await log.DeleteImageAsync(1);

        // Assert
        Assert.Empty(await log.ReadAsync(1, 10, null));
        Assert.Equal(["b"], (await log.ReadRecentAsync(10)).Select(logged => logged.View.Ip));
    }

    [Fact]
    public async Task OlderDatabase_WithAViewPerRow_KeepsEveryViewAndItsId()
    {
        // Arrange: a database whose log holds one row per view, with gaps in its ids
        await WriteRowLogAsync("""
            INSERT INTO view_log VALUES (3, 1, 'uuid-1', 1796385600000, '203.0.113.1', 'GB', 'United Kingdom', 'old-agent');
            INSERT INTO view_log VALUES (4, 2, 'uuid-2', 1796385601000, NULL, 'US', 'United States', 'old-agent');
            INSERT INTO view_log VALUES (9, 1, 'uuid-1', 1796385602000, '203.0.113.2', 'DE', 'Germany', '');
            """);

        // Act
        var log = await OpenLogAsync();
        await log.AppendAsync(Batch(View(2, Noon, Britain, "new")));

        // Assert
        var image1 = await log.ReadAsync(1, 10, null);
        Assert.Equal([9L, 3], image1.Select(logged => logged.Id));
        Assert.Equal(
            new ViewRecord(1, "uuid-1", Noon, "203.0.113.1", Britain, "old-agent"),
            image1[1].View);
        var recent = await log.ReadRecentAsync(10);
        Assert.Equal(["new", "203.0.113.2", null, "203.0.113.1"], recent.Select(logged => logged.View.Ip));
        Assert.Equal([9L, 4, 3], recent.Skip(1).Select(logged => logged.Id));
        Assert.True(recent[0].Id > 9);
        Assert.Equal([null, "new"], (await log.ReadAsync(2, 10, null)).Select(logged => logged.View.Ip).Reverse());
        Assert.False(await TableExistsAsync("view_log"));
    }

    [Fact]
    public async Task OlderBuildRunAgain_AfterTheMove_ItsViewsFollowTheNewest()
    {
        // Arrange: chunks written by this build, then rows an older build logged with ids from 1 anew
        var log = await OpenLogAsync();
        foreach (var ip in new[] { "a1", "a2", "a3" })
        {
            await log.AppendAsync(Batch(View(1, Noon, Britain, ip), View(2, Noon, Britain, ip + "'")));
        }

        await WriteRowLogAsync("""
            INSERT INTO view_log VALUES (1, 1, 'uuid-1', 1796385600000, 'o1', 'GB', 'United Kingdom', 'old-agent');
            INSERT INTO view_log VALUES (2, 2, 'uuid-2', 1796385601000, 'o2', 'GB', 'United Kingdom', 'old-agent');
            """);

        // Act
        log = await OpenLogAsync();
        await log.AppendAsync(Batch(View(1, Noon, Britain, "b1")));

        // Assert
        var recent = await log.ReadRecentAsync(100);
        Assert.Equal(["b1", "o2", "o1", "a3'", "a3", "a2'", "a2", "a1'", "a1"], recent.Select(logged => logged.View.Ip));
        Assert.True(recent.Zip(recent.Skip(1), (newer, older) => newer.Id > older.Id).All(descending => descending));
        var pagedOneByOne = new List<LoggedView>();
        for (long? before = null; await log.ReadAsync(1, 1, before) is [var next]; before = next.Id)
        {
            pagedOneByOne.Add(next);
        }

        Assert.Equal(["b1", "o1", "a3", "a2", "a1"], pagedOneByOne.Select(logged => logged.View.Ip));
    }

    [Fact]
    public async Task DamagedChunk_FailsTheRead_NamingItsRow()
    {
        // Arrange: one chunk cut short, another given a different chunk's views
        var log = await OpenLogAsync();
        await log.AppendAsync(Batch(View(1, Noon, Britain, "a"), View(2, Noon, Britain, "b"), View(2, Noon, Britain, "c")));
        var chunks = await ReadChunksAsync();
        var (ofImage1, ofImage2) = (chunks.Single(chunk => chunk.ImageId == 1), chunks.Single(chunk => chunk.ImageId == 2));
        await SetChunkViewsAsync(ofImage1.Id, ofImage1.Views[..(ofImage1.Views.Length / 2)]);
        await SetChunkViewsAsync(ofImage2.Id, ofImage1.Views);

        // Act
        var cutShort = await Assert.ThrowsAsync<InvalidDataException>(() => log.ReadAsync(1, 10, null));
        var swapped = await Assert.ThrowsAsync<InvalidDataException>(() => log.ReadAsync(2, 10, null));

        // Assert
        Assert.Contains($"View chunk {ofImage1.Id} of image 1", cutShort.Message, StringComparison.Ordinal);
        Assert.Contains($"View chunk {ofImage2.Id} of image 2", swapped.Message, StringComparison.Ordinal);
    }

    private async Task<IViewLog> OpenLogAsync()
    {
        await _engine.ApplySchemaAsync(_dataSource, CancellationToken.None);
        return _engine.CreateViewLog(_dataSource, new WriteTurns());
    }

    // The table a log of one row per view kept, as older builds create it, with the given rows.
    private async Task WriteRowLogAsync(string inserts)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE view_log (id BIGINT NOT NULL PRIMARY KEY, image_id BIGINT NOT NULL, image_uuid TEXT NOT NULL,
                viewed_at BIGINT NOT NULL, ip TEXT NULL, country_code TEXT NOT NULL, country_name TEXT NOT NULL, user_agent TEXT NOT NULL);
            CREATE INDEX ix_view_log_image ON view_log (image_id, id);
            {inserts}
            """;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<(long Id, long ImageId, byte[] Views)>> ReadChunksAsync()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, image_id, views FROM view_chunks";
        await using var reader = await command.ExecuteReaderAsync();
        var chunks = new List<(long, long, byte[])>();
        while (await reader.ReadAsync())
        {
            chunks.Add((reader.GetInt64(0), reader.GetInt64(1), (byte[])reader.GetValue(2)));
        }

        return chunks;
    }

    private async Task SetChunkViewsAsync(long id, byte[] views)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE view_chunks SET views = @Views WHERE id = @Id";
        var (viewsParameter, idParameter) = (command.CreateParameter(), command.CreateParameter());
        (viewsParameter.ParameterName, viewsParameter.Value, idParameter.ParameterName, idParameter.Value) = ("@Views", views, "@Id", id);
        command.Parameters.Add(viewsParameter);
        command.Parameters.Add(idParameter);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<bool> TableExistsAsync(string name)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = engine == TestEngine.Sqlite
            ? $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{name}'"
            : $"SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = '{name}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync()) == 1;
    }
}
