using Orleans.TestingHost;

namespace Simp.Tests.Infrastructure;

/// <summary>One test cluster on a fresh SQLite file, shared by a collection; tests isolate by unique keys.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new("simp-cluster");

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public string DataPath => _data.Path;

    public async Task InitializeAsync() => Cluster = await SimpTestCluster.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
