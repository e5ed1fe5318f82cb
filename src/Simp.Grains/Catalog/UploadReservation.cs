namespace Simp.Grains.Catalog;

/// <summary>The outcome of asking room for an upload: an id for it, or a refusal because storage is full.</summary>
[GenerateSerializer, Immutable]
public sealed record UploadReservation([property: Id(0)] long ImageId, [property: Id(1)] bool Accepted)
{
    /// <summary>No room: the upload would pass the storage limit.</summary>
    public static readonly UploadReservation StorageFull = new(0, false);
}
