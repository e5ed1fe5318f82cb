using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using Simp.Grains.Images;
using Simp.Grains.Storage;

namespace Simp.Silo.Database;

/// <summary>
/// Fills in the privacy of images table rows written by a build that kept it in the image grains'
/// state only, then counts the private images from the rows, before the silo takes calls. The state
/// is read through the storage provider, with no grain activated. Once the count is taken no such
/// row can remain, and a start costs one read of its flag.
/// </summary>
internal sealed partial class ImagePrivacyMigration(
    IImageIndex index,
    [FromKeyedServices(StorageNames.Default)] IGrainStorage storage,
    IGrainFactory grains,
    ILogger<ImagePrivacyMigration> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    // Rows filled in one transaction: few commits, and memory bounded however many images there are.
    private const int WindowSize = 1000;

    // After the storage provider has started, and before the silo becomes active and grains run.
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ImagePrivacyMigration), ServiceLifecycleStage.ApplicationServices + 100, MigrateAsync);

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (await index.IsPrivateCountedAsync(cancellationToken))
        {
            return;
        }

        var (filled, afterId) = (0L, 0L);
        while (await index.ReadIdsWithoutPrivacyAsync(afterId, WindowSize, cancellationToken) is { Count: > 0 } ids)
        {
            var rows = new List<(long ImageId, ImagePrivacy Privacy)>(ids.Count);
            foreach (var id in ids)
            {
                rows.Add((id, await ReadEarlierPrivacyAsync(id)));
            }

            await index.FillPrivacyAsync(rows, cancellationToken);
            (filled, afterId) = (filled + ids.Count, ids[^1]);
        }

        await index.CountPrivateFromRowsOnceAsync(cancellationToken);
        if (filled > 0)
        {
            LogPrivacyFilled(logger, filled);
        }
    }

    private async Task<ImagePrivacy> ReadEarlierPrivacyAsync(long imageId)
    {
        var state = new GrainState<ImageState>();
        await storage.ReadStateAsync(ImageGrain.StateName, grains.GetGrain<IImageGrain>(imageId).GetGrainId(), state);

        return state.State is { Exists: true, EarlierIsPrivate: true } earlier
            ? new ImagePrivacy(true, earlier.EarlierPrivateKey)
            : ImagePrivacy.Public;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved the privacy of {Count} images from their grains' state into the images table")]
    private static partial void LogPrivacyFilled(ILogger logger, long count);
}
