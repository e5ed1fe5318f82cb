using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Simp.Api.Options;

namespace Simp.Api.Hosting;

/// <summary>Configures forwarded headers so that only the configured proxies may name the client.</summary>
public static class TrustedProxies
{
    public static void Configure(ForwardedHeadersOptions forwarded, NetworkOptions network)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

        // The defaults trust loopback; Simp trusts nobody it was not told to.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        forwarded.ForwardLimit = null;

        foreach (var entry in network.TrustedProxies.Select(entry => entry.Trim()).Where(entry => entry.Length > 0))
        {
            if (entry.Contains('/'))
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
            }
            else
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(entry));
            }
        }
    }

    /// <summary>Whether every entry is an address or a network, for validation at start.</summary>
    public static bool IsValid(string entry) => entry.Contains('/')
        ? System.Net.IPNetwork.TryParse(entry.Trim(), out _)
        : IPAddress.TryParse(entry.Trim(), out _);
}
