namespace Simp.Grains.Views;

/// <summary>One view of a public image, as the gateway saw it.</summary>
/// <param name="ImageId">The viewed image.</param>
/// <param name="ImageUuid">The uuid the image was requested by, kept so recent views need no lookup.</param>
/// <param name="ViewedAt">When the view happened, in UTC.</param>
/// <param name="Ip">The client address, or null when IP tracking is off.</param>
/// <param name="Country">The country the address belongs to.</param>
/// <param name="UserAgent">The client's user agent, possibly empty.</param>
[GenerateSerializer, Immutable]
public sealed record ViewRecord(
    [property: Id(0)] long ImageId,
    [property: Id(1)] string ImageUuid,
    [property: Id(2)] DateTime ViewedAt,
    [property: Id(3)] string? Ip,
    [property: Id(4)] Country Country,
    [property: Id(5)] string UserAgent);
