using Orleans.TestingHost;
using Simp.Silo.Hosting;

namespace Simp.Tests.Infrastructure;

/// <summary>Gives each test silo Simp's real storage: the SQLite file of the cluster's data folder.</summary>
public sealed class SqliteSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddSimpStorage(siloBuilder.Configuration);
}
