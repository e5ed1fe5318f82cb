using Microsoft.Extensions.Options;
using Simp.Api.Options;

namespace Simp.Api.Hosting;

/// <summary>Rejects trusted proxies that are neither addresses nor networks.</summary>
public sealed class NetworkOptionsValidator : IValidateOptions<NetworkOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        var invalid = options.TrustedProxies.Where(entry => !TrustedProxies.IsValid(entry)).ToList();
        return invalid.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{NetworkOptions.SectionName}:{nameof(NetworkOptions.TrustedProxies)} has entries that are " +
                $"not an address (10.0.0.5) or a network (10.0.0.0/8): {string.Join(", ", invalid)}.");
    }
}
