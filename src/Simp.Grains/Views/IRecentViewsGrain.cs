namespace Simp.Grains.Views;

/// <summary>The newest views of the whole site, for the dashboard's "latest visitors".</summary>
public interface IRecentViewsGrain : IGrainWithIntegerKey
{
    /// <summary>Up to <paramref name="count"/> views (at most <see cref="RecentViewsGrain.Capacity"/>), newest first.</summary>
    Task<IReadOnlyList<LoggedView>> GetAsync(int count);
}
