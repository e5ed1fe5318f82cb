using Simp.Grains.Storage;
using Simp.Grains.Views;
using Simp.Tests.Infrastructure;

namespace Simp.Tests.Storage;

/// <summary>
/// Checks the commands the SQL Server view log sends, recorded instead of run: their parameters
/// match their text, none passes SQL Server's limit of 2,100, and a batch goes in whole, once.
/// </summary>
public sealed class SqlServerViewLogTests
{
    private const int SqlServerMaxParameters = 2100;

    private static readonly DateTime Noon = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task AppendAsync_LargeBatch_SendsCommandsWithinTheParameterLimit()
    {
        // Arrange: more views, and more distinct images, than one command could carry.
        var source = new RecordingDataSource();
        var views = ManyImagesDaysAndCountries();

        // Act
        var appended = await new SqlServerViewLog(source).AppendAsync(TestViews.Batch(views));

        // Assert
        Assert.True(appended);
        Assert.All(source.Commands.Where(command => command.Text is not ("COMMIT" or "ROLLBACK")), command =>
        {
            Assert.True(command.InTransaction);
            Assert.InRange(command.Parameters.Count, 1, SqlServerMaxParameters);
            Assert.Equal(
                SqlText.ParametersOf(command.Text).Order(),
                command.Parameters.Keys.Select(name => name.TrimStart('@')).Order());
        });
        Assert.Equal("COMMIT", source.Commands[^1].Text);
    }

    [Fact]
    public async Task AppendAsync_LargeBatch_InsertsEveryViewOnceWithItsSequence()
    {
        var source = new RecordingDataSource();
        var views = Enumerable.Range(0, 1000).Select(i => TestViews.View(1 + i % 7, Noon, TestViews.States)).ToArray();
        var batch = TestViews.Batch(views);

        await new SqlServerViewLog(source).AppendAsync(batch);

        var inserts = source.Commands
            .Where(command => command.Text.StartsWith("INSERT INTO view_log", StringComparison.Ordinal))
            .ToList();
        Assert.True(inserts.Count > 1, "A thousand views should not fit one command.");
        Assert.All(inserts, insert => Assert.Equal(batch.Id, insert.Parameters["@BatchId"]));
        var seqs = inserts.SelectMany(insert => insert.Parameters
            .Where(p => p.Key.StartsWith("@Seq", StringComparison.Ordinal))
            .Select(p => (int)p.Value!));
        Assert.Equal(Enumerable.Range(0, views.Length), seqs.Order());
    }

    [Fact]
    public async Task AppendAsync_LargeBatch_CountsEveryImageDayAndCountry()
    {
        var source = new RecordingDataSource();
        var views = ManyImagesDaysAndCountries();

        await new SqlServerViewLog(source).AppendAsync(TestViews.Batch(views));

        Assert.Equal(1000, SumOfViews(source, "UPDATE images"));
        Assert.Equal(1000, SumOfViews(source, "UPDATE daily_views"));
        Assert.Equal(1000, SumOfViews(source, "UPDATE country_views"));
    }

    [Fact]
    public async Task AppendAsync_LoggedBatch_WritesNothing()
    {
        // The check for an earlier copy of the batch finds its first row.
        var source = new RecordingDataSource { Scalar = 1 };

        var batch = TestViews.Batch(TestViews.View(1, Noon, TestViews.States));

        var appended = await new SqlServerViewLog(source).AppendAsync(batch);

        Assert.False(appended);
        var check = Assert.Single(source.Commands);
        Assert.StartsWith("SELECT COUNT(*) FROM view_log", check.Text, StringComparison.Ordinal);
    }

    /// <summary>A thousand views of 700 images over three days from two countries.</summary>
    private static ViewRecord[] ManyImagesDaysAndCountries() => [.. Enumerable.Range(0, 1000).Select(i =>
        TestViews.View(1 + i % 700, Noon.AddDays(i % 3), i % 2 == 0 ? TestViews.Britain : TestViews.Germany))];

    private static long SumOfViews(RecordingDataSource source, string statement) => source.Commands
        .Where(command => command.Text.TrimStart().StartsWith(statement, StringComparison.Ordinal))
        .SelectMany(command => command.Parameters.Where(p => p.Key.StartsWith("@Views", StringComparison.Ordinal)))
        .Sum(p => (long)p.Value!);
}
