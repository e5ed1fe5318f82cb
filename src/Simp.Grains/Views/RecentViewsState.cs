namespace Simp.Grains.Views;

/// <summary>The persisted state of the recent-views grain: the newest views, oldest first.</summary>
[GenerateSerializer]
public sealed class RecentViewsState
{
    [Id(0)] public List<LoggedView> Views { get; set; } = new();
    [Id(1)] public AppliedBatches AppliedBatches { get; set; } = new();
}
