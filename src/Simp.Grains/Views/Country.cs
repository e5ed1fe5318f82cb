namespace Simp.Grains.Views;

/// <summary>A country as views report it: ISO 3166-1 alpha-2 code (upper case) and English name.</summary>
[GenerateSerializer, Immutable]
public sealed record Country([property: Id(0)] string Code, [property: Id(1)] string Name)
{
    /// <summary>The country of an address no database knows; clients show a neutral flag for it.</summary>
    public static readonly Country Unknown = new("unknown", "Unknown");
}
