namespace Simp.Grains.Storage;

/// <summary>Names of the grain storage providers the grains persist through.</summary>
public static class StorageNames
{
    /// <summary>The ADO.NET provider holding all grain state.</summary>
    public const string Default = "simp";
}
