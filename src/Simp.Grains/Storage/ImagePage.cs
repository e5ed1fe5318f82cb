namespace Simp.Grains.Storage;

/// <summary>One page of an image listing, with the number of images that match in all.</summary>
[GenerateSerializer, Immutable]
public sealed record ImagePage<T>([property: Id(0)] IReadOnlyList<T> Items, [property: Id(1)] long Total);
