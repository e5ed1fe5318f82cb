using Orleans.TestingHost;

namespace Simp.Tests.Infrastructure;

/// <summary>Builds Orleans test clusters whose silos persist to a real SQLite file in a given folder.</summary>
public static class SimpTestCluster
{
    public static async Task<TestCluster> StartAsync(string dataPath, short silos = 1)
    {
        var builder = new TestClusterBuilder(silos);

        // Grain state is keyed by service id, so a cluster restarted on the same folder must keep it.
        builder.Options.ServiceId = "simp-test";
        builder.Properties["Simp:DataPath"] = dataPath;
        builder.AddSiloBuilderConfigurator<SqliteSiloConfigurator>();

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
