namespace Simp.Grains.Catalog;

/// <summary>Site-wide image totals.</summary>
[GenerateSerializer, Immutable]
public sealed record CatalogTotals(
    [property: Id(0)] long Images,
    [property: Id(1)] long PrivateImages,
    [property: Id(2)] long StoredBytes);
