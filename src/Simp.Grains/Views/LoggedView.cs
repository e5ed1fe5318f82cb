namespace Simp.Grains.Views;

/// <summary>A view as the view log holds it: the record and the id the log gave it.</summary>
[GenerateSerializer, Immutable]
public sealed record LoggedView([property: Id(0)] long Id, [property: Id(1)] ViewRecord View);
