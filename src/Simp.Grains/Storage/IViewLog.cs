using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>
/// The append-only log of every view, ids ascending, and the counters kept with it: views per
/// image, per UTC day and per country. A batch and its counters are written in one transaction,
/// so whatever fails, the counters agree with the log.
/// </summary>
public interface IViewLog
{
    /// <summary>
    /// Appends a batch and adds it to the counters; returns false, changing nothing, when the batch
    /// id is logged already, so a retried batch is never counted twice.
    /// </summary>
    Task<bool> AppendAsync(ViewBatch batch, CancellationToken cancellationToken = default);

    /// <summary>An image's views, newest first, with ids below <paramref name="beforeViewId"/> when given.</summary>
    Task<IReadOnlyList<LoggedView>> ReadAsync(
        long imageId, int limit, long? beforeViewId, CancellationToken cancellationToken = default);

    /// <summary>The site's newest views, newest first.</summary>
    Task<IReadOnlyList<LoggedView>> ReadRecentAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Views per day from <paramref name="first"/> to <paramref name="last"/>, oldest first, zero-filled.</summary>
    Task<IReadOnlyList<DailyViews>> ReadDailyAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken = default);

    /// <summary>Views per country, most viewed first.</summary>
    Task<IReadOnlyList<CountryViews>> ReadCountriesAsync(CancellationToken cancellationToken = default);

    /// <summary>Every view ever counted.</summary>
    Task<long> ReadTotalAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets every view of a deleted image; the site's daily and country sums keep them.</summary>
    Task DeleteImageAsync(long imageId, CancellationToken cancellationToken = default);
}
