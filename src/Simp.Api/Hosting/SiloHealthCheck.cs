using Microsoft.Extensions.Diagnostics.HealthChecks;
using Simp.Grains.Catalog;

namespace Simp.Api.Hosting;

/// <summary>Healthy when the cluster answers a grain call, which also proves its storage is readable.</summary>
public sealed class SiloHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).GetTotalsAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The cluster did not answer", exception);
        }
    }
}
