using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Simp.Api.Options;

namespace Simp.Api.Hosting;

/// <summary>Configures forwarded headers so that only the configured proxies may name the client.</summary>
public static class TrustedProxies
{
    public static void Configure(ForwardedHeadersOptions forwarded, NetworkOptions network)
    {
        // The defaults trust loopback; Simp trusts nobody it was not told to.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        forwarded.ForwardLimit = null;

        var entries = network.TrustedProxies.Select(entry => entry.Trim()).Where(entry => entry.Length > 0).ToList();

        // With both lists empty the middleware would believe any peer, so headers are only read
        // when some proxy is trusted.
        forwarded.ForwardedHeaders = entries.Count == 0
            ? ForwardedHeaders.None
            : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

        foreach (var entry in entries)
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
