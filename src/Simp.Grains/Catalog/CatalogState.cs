namespace Simp.Grains.Catalog;

/// <summary>The persisted state of the catalog.</summary>
[GenerateSerializer]
public sealed class CatalogState
{
    [Id(0)] public long LastImageId { get; set; }
    [Id(1)] public long Images { get; set; }

    // Id 2 held the count of private images, which the image_counts table now keeps.

    [Id(3)] public long StoredBytes { get; set; }
}
