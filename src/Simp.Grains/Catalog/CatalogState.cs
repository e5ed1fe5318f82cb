namespace Simp.Grains.Catalog;

/// <summary>The persisted state of the catalog.</summary>
[GenerateSerializer]
public sealed class CatalogState
{
    [Id(0)] public long LastImageId { get; set; }
    [Id(1)] public long Images { get; set; }

    // The count of private images as builds before the image_counts table kept it here; added to
    // that table once, at an activation.
    [Id(2)] public long EarlierPrivateImages { get; set; }

    [Id(3)] public long StoredBytes { get; set; }
}
