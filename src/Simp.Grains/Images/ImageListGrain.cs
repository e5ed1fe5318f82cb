using Orleans.Concurrency;
using Simp.Grains.Storage;

namespace Simp.Grains.Images;

/// <inheritdoc cref="IImageListGrain"/>
/// <remarks>
/// The table answers which images match; each image grain then supplies the image as it stands,
/// privacy and key included, which only the grain owns.
/// </remarks>
[StatelessWorker]
public sealed class ImageListGrain(IImageIndex index) : Grain, IImageListGrain
{
    async Task<ImagePage<ImageDetails>> IImageListGrain.ListAsync(ImageQuery query)
    {
        var ids = await index.QueryAsync(query);

        var images = await Task.WhenAll(ids.Items.Select(id => GrainFactory.GetGrain<IImageGrain>(id).GetAsync()));

        // An image deleted between the query and the grain calls is simply left out of the page.
        return new ImagePage<ImageDetails>([.. images.OfType<ImageDetails>()], ids.Total);
    }
}
