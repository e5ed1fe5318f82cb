using Microsoft.Extensions.Options;
using Simp.Api.Options;
using Simp.Grains.Views;

namespace Simp.Api.Views;

/// <summary>Turns a served request into a view record and queues it; the response does not wait.</summary>
public sealed class ViewRecorder(ViewBuffer buffer, CountryResolver countries, IOptions<TrackingOptions> tracking, TimeProvider time)
{
    /// <summary>User agents are cut to this length; longer ones are noise or abuse.</summary>
    public const int MaxUserAgentLength = 512;

    private readonly bool _storeAddresses = tracking.Value.Enabled;

    /// <summary>Records one view of an image by the request's client.</summary>
    public void Record(HttpContext context, long imageId, string uuid)
    {
        // The forwarded-headers middleware has already replaced the address when the peer is a
        // trusted proxy, so this is the client's address either way.
        var address = context.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        var userAgent = context.Request.Headers.UserAgent.ToString();
        if (userAgent.Length > MaxUserAgentLength)
        {
            userAgent = userAgent[..MaxUserAgentLength];
        }

        buffer.Add(new ViewRecord(
            imageId,
            uuid,
            time.GetUtcNow().UtcDateTime,
            _storeAddresses ? address?.ToString() : null,
            countries.Resolve(address),
            userAgent));
    }
}
