namespace Simp.Grains.Views;

/// <summary>The newest views of the whole site, for the dashboard's "latest visitors".</summary>
public interface IRecentViewsGrain : IGrainWithIntegerKey
{
    /// <summary>Adds the logged views of one batch, once per batch id.</summary>
    Task AddAsync(Guid batchId, IReadOnlyList<LoggedView> views);

    /// <summary>Up to <paramref name="count"/> views, newest first.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<LoggedView>> GetAsync(int count);

    /// <summary>Drops the views of a deleted image.</summary>
    Task ForgetImageAsync(long imageId);
}
