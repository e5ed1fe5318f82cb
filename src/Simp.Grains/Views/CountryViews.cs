namespace Simp.Grains.Views;

/// <summary>How many views came from one country.</summary>
[GenerateSerializer, Immutable]
public sealed record CountryViews([property: Id(0)] Country Country, [property: Id(1)] long Views);
