namespace Simp.Grains.Views;

/// <summary>How many views one UTC day had.</summary>
[GenerateSerializer, Immutable]
public sealed record DailyViews([property: Id(0)] DateOnly Date, [property: Id(1)] long Views);
