using Orleans.TestingHost;

namespace Simp.Tests.Infrastructure;

/// <summary>Builds Orleans test clusters whose silos persist through Simp's real storage registration.</summary>
public static class SimpTestCluster
{
    /// <param name="dataPath">The data folder, holding the SQLite file unless the settings name another engine.</param>
    /// <param name="database">Database settings from <see cref="TestDatabase"/>; SQLite when empty.</param>
    public static async Task<TestCluster> StartAsync(string dataPath, IReadOnlyDictionary<string, string?>? database = null, short silos = 1)
    {
        var builder = new TestClusterBuilder(silos);

        // Grain state is keyed by service id, so a cluster restarted on the same database must keep it.
        builder.Options.ServiceId = "simp-test";
        builder.Properties["Simp:DataPath"] = dataPath;
        foreach (var (key, value) in database ?? new Dictionary<string, string?>())
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<SimpSiloConfigurator>();

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The services of the cluster's first silo, which runs in this process.</summary>
    public static IServiceProvider PrimaryServices(this TestCluster cluster) => cluster.Primary is InProcessSiloHandle silo
        ? silo.SiloHost.Services
        : throw new InvalidOperationException("in-process silos expected");
}
