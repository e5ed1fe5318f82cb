using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>
/// The append-only log of every view, ids ascending, read back per image for its history.
/// </summary>
public interface IViewLog
{
    /// <summary>
    /// Appends a batch and returns its views with their log ids. Appending a batch id that is
    /// already logged adds nothing and returns the ids given the first time.
    /// </summary>
    Task<IReadOnlyList<LoggedView>> AppendAsync(ViewBatch batch, CancellationToken cancellationToken = default);

    /// <summary>An image's views, newest first, with ids below <paramref name="beforeViewId"/> when given.</summary>
    Task<IReadOnlyList<LoggedView>> ReadAsync(
        long imageId, int limit, long? beforeViewId, CancellationToken cancellationToken = default);

    /// <summary>Forgets every view of a deleted image.</summary>
    Task DeleteImageAsync(long imageId, CancellationToken cancellationToken = default);
}
