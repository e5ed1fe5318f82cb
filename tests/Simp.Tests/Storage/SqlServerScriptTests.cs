using Simp.Silo.Database;

namespace Simp.Tests.Storage;

/// <summary>
/// Checks the SQL Server schema script as text, since no SQL Server runs where the tests do: its
/// batches, the queries it gives the Orleans providers, and the parameters those queries read.
/// The storage-query checks run on the SQLite script too.
/// </summary>
public sealed class SqlServerScriptTests
{
    private static readonly string Script = SchemaScripts.Read("sqlserver");

    private static readonly IReadOnlyList<string> Batches = SqlServerEngine.SplitBatches(Script);

    public static TheoryData<string> BatchNumbers => [.. Batches.Select((_, i) => i.ToString())];

    [Fact]
    public void RequiredKeys_AreReadFromTheOrleansAssemblies()
    {
        Assert.Contains("WriteToStorageKey", OrleansQueryKeys.Storage);
        Assert.Contains("DeleteStorageKey", OrleansQueryKeys.Storage);
        Assert.Contains("MembershipReadAllKey", OrleansQueryKeys.Clustering);
        Assert.Contains("CleanupDefunctSiloEntriesKey", OrleansQueryKeys.Clustering);
    }

    [Fact]
    public void WrittenParameters_CoverEveryRequiredKeyAndNoOther()
    {
        // A key that Orleans adds must have its parameters written down before any script can pass.
        var required = OrleansQueryKeys.Storage.Concat(OrleansQueryKeys.Clustering).Order();

        Assert.Equal(required, OrleansQueryKeys.Parameters.Keys.Order());
    }

    [Fact]
    public void WrittenParameters_AreNamesTheOrleansAssembliesUse()
    {
        Assert.Empty(OrleansQueryKeys.Unconfirmed());
    }

    [Fact]
    public void SplitBatches_CutsOnlyAtLinesHoldingGo()
    {
        var script = "SELECT 1;\r\n  go  \nSELECT 2; -- GO\nGOTO done\n\nGO\n\n   \nGo\nSELECT 3;";

        var batches = SqlServerEngine.SplitBatches(script);

        Assert.Equal(["SELECT 1;", "SELECT 2; -- GO\nGOTO done\n", "SELECT 3;"], batches);
    }

    [Fact]
    public void Script_HasSeveralBatches()
    {
        // The script relies on GO to put each CREATE in a batch of its own.
        Assert.True(Batches.Count > 10, $"Only {Batches.Count} batch(es); are the GO lines still there?");
    }

    [Theory]
    [MemberData(nameof(BatchNumbers))]
    public void Batch_IsBalanced(string number)
    {
        var batch = Batches[int.Parse(number)];

        Assert.Empty(SqlText.Imbalances(batch));
    }

    [Theory]
    [MemberData(nameof(BatchNumbers))]
    public void Batch_CreatesAtMostOneObjectAndOnlyWhenMissing(string number)
    {
        var tokens = SqlText.Tokenize(Batches[int.Parse(number)]);
        var creates = Enumerable.Range(0, tokens.Count).Where(i => tokens[i].IsWord("CREATE")).ToList();

        Assert.True(creates.Count <= 1, $"{creates.Count} CREATE statements in one batch.");
        if (creates.Count == 1)
        {
            var created = tokens.Skip(creates[0] + 1)
                .First(token => !token.IsWord("UNIQUE") && !token.IsWord("CLUSTERED"));
            var guard = created.IsWord("TABLE") ? new[] { "IF", "OBJECT_ID", "IS", "NULL" } : ["IF", "NOT", "EXISTS"];
            Assert.True(
                tokens.Take(creates[0]).Select(token => token.Text.ToUpperInvariant()).Intersect(guard).Count()
                    == guard.Length,
                $"CREATE {created.Text} is not guarded by {string.Join(' ', guard)}.");
        }
    }

    [Fact]
    public void Script_InsertsExactlyTheStorageAndClusteringQueries()
    {
        var inserted = SqlText.InsertedQueries(Script).Keys.Order();

        Assert.Equal(OrleansQueryKeys.Storage.Concat(OrleansQueryKeys.Clustering).Order(), inserted);
    }

    [Fact]
    public void Script_QueriesReadOnlyParametersTheProviderSends()
    {
        AssertParameters(SqlText.InsertedQueries(Script));
    }

    [Fact]
    public void Script_QueriesAreBalanced()
    {
        var problems = SqlText.InsertedQueries(Script)
            .SelectMany(query => SqlText.Imbalances(query.Value).Select(problem => $"{query.Key}: {problem}"));

        Assert.Empty(problems);
    }

    [Fact]
    public void SqliteScript_InsertsEveryStorageQuery()
    {
        var inserted = SqlText.InsertedQueries(SchemaScripts.Read("sqlite"));

        Assert.All(OrleansQueryKeys.Storage, key => Assert.Contains(key, inserted.Keys));
    }

    [Fact]
    public void SqliteScript_QueriesReadOnlyParametersTheProviderSends()
    {
        AssertParameters(SqlText.InsertedQueries(SchemaScripts.Read("sqlite")));
    }

    [Fact]
    public void PostgresScript_InsertsEveryStorageAndClusteringQuery()
    {
        var inserted = SqlText.InsertedQueries(SchemaScripts.Read("postgres"));

        Assert.Equal(OrleansQueryKeys.Storage.Concat(OrleansQueryKeys.Clustering).Order(), inserted.Keys.Order());
    }

    [Fact]
    public void PostgresScript_QueriesReadOnlyParametersTheProviderSends()
    {
        AssertParameters(SqlText.InsertedQueries(SchemaScripts.Read("postgres")));
    }

    /// <summary>
    /// Every parameter a query reads must be one the provider sends (an unknown one would be an
    /// error at run time), and every one that identifies the row or carries the version must be read.
    /// </summary>
    private static void AssertParameters(IReadOnlyDictionary<string, string> queries)
    {
        Assert.All(queries, query =>
        {
            Assert.True(
                OrleansQueryKeys.Parameters.TryGetValue(query.Key, out var parameters),
                $"No provider calls {query.Key}.");
            var used = SqlText.ParametersOf(query.Value);

            Assert.True(used.IsSubsetOf(parameters.Sent),
                $"{query.Key} reads parameters the provider does not send: " +
                $"{string.Join(", ", used.Except(parameters.Sent))}.");
            Assert.True(used.IsSupersetOf(parameters.Required),
                $"{query.Key} ignores parameters it needs: {string.Join(", ", parameters.Required.Except(used))}.");
        });
    }
}
