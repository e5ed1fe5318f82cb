using Microsoft.Extensions.Hosting;
using Simp.Silo.Hosting;

namespace Simp.Silo;

/// <summary>A standalone silo: joins the cluster named in the configuration and hosts Simp's grains.</summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.UseOrleans(silo => silo.AddSimp(builder.Configuration));

        await builder.Build().RunAsync();
    }
}
