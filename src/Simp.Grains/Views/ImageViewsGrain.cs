using Orleans.Concurrency;
using Simp.Grains.Storage;

namespace Simp.Grains.Views;

/// <inheritdoc cref="IImageViewsGrain"/>
/// <remarks>
/// A stateless worker rather than a call on the image grain: reading a page of history takes longer
/// than anything the image grain does, and its readers should neither wait for one another nor hold
/// up a change of privacy.
/// </remarks>
[StatelessWorker]
public sealed class ImageViewsGrain(IViewLog viewLog) : Grain, IImageViewsGrain
{
    Task<IReadOnlyList<LoggedView>> IImageViewsGrain.GetAsync(int limit, long? beforeViewId) =>
        viewLog.ReadAsync(this.GetPrimaryKeyLong(), limit, beforeViewId);
}
