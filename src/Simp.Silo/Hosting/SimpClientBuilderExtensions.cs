using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Simp.Silo.Database;
using Simp.Silo.Options;

namespace Simp.Silo.Hosting;

/// <summary>Connects an Orleans client (a gateway in client mode) to a Simp cluster.</summary>
public static class SimpClientBuilderExtensions
{
    /// <summary>
    /// Finds the cluster the way its silos do: the local silo's gateway port in <c>localhost</c>
    /// mode, the membership table of the shared database in <c>adonet</c> mode.
    /// </summary>
    public static IClientBuilder AddSimpClient(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var cluster = Sections.Bind<SiloClusterOptions>(configuration, SiloClusterOptions.SectionName);
        client.Services.AddSingleton<IClientConnectionRetryFilter, ClusterConnectionRetry>();
        client.Configure<ClientMessagingOptions>(configuration.GetSection($"{SiloClusterOptions.SectionName}:Messaging"));

        if (cluster.Mode == ClusterMode.Localhost)
        {
            return client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
        }

        var database = Sections.Bind<DatabaseOptions>(configuration, DatabaseOptions.SectionName);
        if (database.ConnectionString is not { Length: > 0 } connectionString)
        {
            throw new InvalidOperationException(
                $"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.ConnectionString)} is required for a client of an " +
                $"'{nameof(ClusterMode.AdoNet)}' cluster: it names the database holding the membership table.");
        }

        client.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = cluster.ServiceId;
            options.ClusterId = cluster.ClusterId;
        });
        return client.UseAdoNetClustering(options =>
        {
            options.Invariant = DatabaseEngines.For(database.Provider).Invariant;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>
    /// Keeps a starting gateway trying to reach the cluster for a while, so gateways and silos can
    /// be started in any order.
    /// </summary>
    private sealed class ClusterConnectionRetry : IClientConnectionRetryFilter
    {
        private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);
        private readonly DateTime _started = DateTime.UtcNow;

        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            if (DateTime.UtcNow - _started > GiveUpAfter)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        }
    }
}
