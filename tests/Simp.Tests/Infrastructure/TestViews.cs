using Simp.Grains.Views;

namespace Simp.Tests.Infrastructure;

/// <summary>View records and batches for grain tests.</summary>
public static class TestViews
{
    public static readonly Country Britain = new("GB", "United Kingdom");
    public static readonly Country States = new("US", "United States");
    public static readonly Country Germany = new("DE", "Germany");

    public static ViewRecord View(long imageId, DateTime at, Country country, string ip = "203.0.113.7")
        => new(imageId, $"uuid-{imageId}", at, ip, country, "test-agent");

    public static ViewBatch Batch(params ViewRecord[] views) => new(Guid.NewGuid(), views);

    /// <summary>An image id no other test uses, far from the ids the catalogue hands out.</summary>
    public static long UniqueImageId() => Random.Shared.NextInt64(1_000_000_000, long.MaxValue / 2);
}
