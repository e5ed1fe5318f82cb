using Orleans.TestingHost;
using Simp.Silo.Hosting;

namespace Simp.Tests.Infrastructure;

/// <summary>Gives each test silo Simp's real storage, on the engine its configuration names.</summary>
public sealed class SimpSiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddSimpStorage(siloBuilder.Configuration);
}
