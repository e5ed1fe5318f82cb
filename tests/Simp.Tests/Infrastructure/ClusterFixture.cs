using Orleans.TestingHost;

namespace Simp.Tests.Infrastructure;

/// <summary>One test cluster on a fresh database, shared by a collection; tests isolate by unique keys.</summary>
public abstract class ClusterFixture(TestEngine engine) : IAsyncLifetime
{
    private readonly TempFolder _data = new("simp-cluster");

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public TestEngine Engine => engine;

    public async Task InitializeAsync() => Cluster = await SimpTestCluster.StartAsync(_data.Path, await TestDatabase.NewAsync(engine));

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _data.Dispose();
    }
}

public sealed class SqliteClusterFixture() : ClusterFixture(TestEngine.Sqlite);

public sealed class PostgresClusterFixture() : ClusterFixture(TestEngine.Postgres);

[CollectionDefinition(Name)]
public sealed class SqliteClusterCollection : ICollectionFixture<SqliteClusterFixture>
{
    public const string Name = "cluster on SQLite";
}

[CollectionDefinition(Name)]
public sealed class PostgresClusterCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "cluster on PostgreSQL";
}
