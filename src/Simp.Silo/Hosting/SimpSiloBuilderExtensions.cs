using System.Data.Common;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Simp.Grains.Storage;
using Simp.Silo.Database;
using Simp.Silo.Options;

namespace Simp.Silo.Hosting;

/// <summary>Registers Simp's grains, storage and clustering on a silo.</summary>
public static class SimpSiloBuilderExtensions
{
    /// <summary>
    /// Configures the silo from the <c>Simp</c> configuration: database engine and schema, grain
    /// storage, the project's tables and cluster membership.
    /// </summary>
    public static ISiloBuilder AddSimp(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var cluster = Sections.Bind<SiloClusterOptions>(configuration, SiloClusterOptions.SectionName);
        var database = Sections.Bind<DatabaseOptions>(configuration, DatabaseOptions.SectionName);
        var engine = DatabaseEngines.For(database.Provider);

        // Orleans' own membership and messaging settings may be tuned per deployment, e.g. how
        // quickly a dead silo is declared dead.
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection($"{SiloClusterOptions.SectionName}:Membership"));
        silo.Configure<SiloMessagingOptions>(configuration.GetSection($"{SiloClusterOptions.SectionName}:Messaging"));

        return silo
            .AddSimpStorage(configuration)
            .UseSimpClustering(cluster, engine.Invariant, ResolveConnectionString(database, configuration));
    }

    /// <summary>
    /// Registers the database engine, its schema, the grain storage provider and the project's
    /// tables, leaving membership to the caller (a test cluster brings its own).
    /// </summary>
    public static ISiloBuilder AddSimpStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var database = Sections.Bind<DatabaseOptions>(configuration, DatabaseOptions.SectionName);
        var engine = DatabaseEngines.For(database.Provider);
        var connectionString = ResolveConnectionString(database, configuration);

        silo.Services.AddSingleton(engine);
        silo.Services.AddSingleton(_ => engine.CreateDataSource(connectionString));
        silo.Services.AddSingleton<WriteTurns>();
        silo.Services.AddSingleton(services => engine.CreateViewLog(services.GetRequiredService<DbDataSource>(), services.GetRequiredService<WriteTurns>()));
        silo.Services.AddSingleton(services => engine.CreateImageIndex(services.GetRequiredService<DbDataSource>(), services.GetRequiredService<WriteTurns>()));
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaInstaller>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ImagePrivacyMigration>();
        silo.Services.AddSingleton(TimeProvider.System);

        silo.AddAdoNetGrainStorage(StorageNames.Default, options => options.Configure<Serializer>((storage, serializer) =>
        {
            storage.Invariant = engine.Invariant;
            storage.ConnectionString = connectionString;
            storage.DeleteStateOnClear = true;
            storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));

        // Registered after the provider, so that resolving the storage by name finds the wrapper;
        // the provider's own lifecycle registration resolves it by name too, and the wrapper passes it on.
        if (engine.WritesOneAtATime)
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(StorageNames.Default, (services, name) =>
                new TurnTakingGrainStorage(AdoNetGrainStorageFactory.Create(services, (string)name!), services.GetRequiredService<WriteTurns>()));
        }

        return silo;
    }

    private static ISiloBuilder UseSimpClustering(
        this ISiloBuilder silo, SiloClusterOptions cluster, string invariant, string connectionString)
    {
        if (cluster.Mode == ClusterMode.Localhost)
        {
            return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        silo.Configure<ClusterOptions>(options =>
        {
            options.ServiceId = cluster.ServiceId;
            options.ClusterId = cluster.ClusterId;
        });
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = invariant;
            options.ConnectionString = connectionString;
        });

        var advertised = cluster.AdvertisedAddress is { Length: > 0 } address ? IPAddress.Parse(address) : FirstLocalAddress();
        // A loopback address means a one-machine cluster: listen there only.
        return silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
    }

    private static string ResolveConnectionString(DatabaseOptions database, IConfiguration configuration)
    {
        if (database.ConnectionString is { Length: > 0 } connectionString)
        {
            return connectionString;
        }

        if (database.Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException(
                $"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.ConnectionString)} is required when " +
                $"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)} is '{database.Provider}'.");
        }

        var dataPath = DataPath.Resolve(configuration);
        Directory.CreateDirectory(dataPath);
        return SqliteEngine.ConnectionStringFor(Path.Combine(dataPath, DatabaseOptions.DefaultSqliteFileName));
    }

    private static IPAddress FirstLocalAddress() => NetworkInterface.GetAllNetworkInterfaces()
        .Where(nic => nic.OperationalStatus == OperationalStatus.Up)
        .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
        .Select(unicast => unicast.Address)
        .FirstOrDefault(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
        ?? IPAddress.Loopback;
}
