namespace Simp.Grains.Views;

/// <summary>The persisted state of the traffic aggregator.</summary>
[GenerateSerializer]
public sealed class TrafficState
{
    [Id(0)] public long TotalViews { get; set; }
    [Id(1)] public Dictionary<DateOnly, long> Days { get; set; } = new();
    [Id(2)] public Dictionary<string, CountryViews> Countries { get; set; } = new(StringComparer.Ordinal);
    [Id(3)] public AppliedBatches AppliedBatches { get; set; } = new();
}
