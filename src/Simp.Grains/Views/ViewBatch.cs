namespace Simp.Grains.Views;

/// <summary>
/// Views buffered by one gateway and delivered together. The id lets every grain that applies the
/// batch recognise a retry of it, so a batch resent after a failure is never counted twice.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ViewBatch([property: Id(0)] Guid Id, [property: Id(1)] IReadOnlyList<ViewRecord> Views);
