namespace Simp.Grains.Views;

/// <summary>One image's views from the view log, keyed by the image's id.</summary>
public interface IImageViewsGrain : IGrainWithIntegerKey
{
    /// <summary>Up to <paramref name="limit"/> views, newest first, before the given view id; none for an unknown image.</summary>
    Task<IReadOnlyList<LoggedView>> GetAsync(int limit, long? beforeViewId);
}
