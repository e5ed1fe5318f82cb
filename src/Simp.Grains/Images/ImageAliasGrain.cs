using Orleans.Placement;
using Simp.Grains.Storage;

namespace Simp.Grains.Images;

/// <inheritdoc cref="IImageAliasGrain"/>
// Images are many and independent: spread them over the cluster rather than where their first
// caller happens to run.
[RandomPlacement]
public sealed class ImageAliasGrain(
    [PersistentState("alias", StorageNames.Default)] IPersistentState<ImageAliasState> alias) : Grain, IImageAliasGrain
{
    Task<long?> IImageAliasGrain.GetImageIdAsync() => Task.FromResult(alias.State.ImageId);

    async Task IImageAliasGrain.SetAsync(long imageId)
    {
        if (alias.State.ImageId == imageId)
        {
            return;
        }

        alias.State.ImageId = imageId;
        await alias.WriteStateAsync();
    }

    async Task IImageAliasGrain.ClearAsync()
    {
        if (alias.State.ImageId is null)
        {
            return;
        }

        await alias.ClearStateAsync();
    }
}
