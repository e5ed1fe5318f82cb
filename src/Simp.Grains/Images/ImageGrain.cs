using Orleans.Placement;
using Microsoft.Extensions.Logging;
using Simp.Grains.Catalog;
using Simp.Grains.Storage;

namespace Simp.Grains.Images;

/// <summary>
/// Owns one image. Its state is the source of truth for metadata, privacy and key; the images table
/// is a read model this grain keeps current for listings, and holds the view count the log keeps.
/// </summary>
// Images are many and independent: spread them over the cluster rather than where their first
// caller happens to run.
[RandomPlacement]
public sealed partial class ImageGrain(
    [PersistentState("image", StorageNames.Default)] IPersistentState<ImageState> image,
    IImageIndex index,
    IViewLog viewLog,
    ILogger<ImageGrain> logger) : Grain, IImageGrain
{
    private GroupCommit commits = null!;

    // The privacy the catalogue's count of private images holds for this image.
    private bool countedAsPrivate;

    // Set while the image is being deleted: changes of privacy that arrive meanwhile find no image.
    private bool deleting;

    private long Id => this.GetPrimaryKeyLong();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        commits = new GroupCommit(PersistAsync);
        countedAsPrivate = image.State.IsPrivate;
        return Task.CompletedTask;
    }

    async Task<ImageDetails> IImageGrain.CreateAsync(NewImage upload)
    {
        if (image.State.Exists)
        {
            throw new InvalidOperationException($"Image {Id} exists already.");
        }

        image.State = new ImageState
        {
            Exists = true,
            Uuid = upload.Uuid,
            Filename = upload.Filename,
            Extension = upload.Extension,
            Size = upload.Size,
            UploadedAt = upload.UploadedAt,
        };
        await commits.CommitAsync();

        var details = ToDetails(views: 0);
        await index.UpsertAsync(details);
        await GrainFactory.GetGrain<IImageAliasGrain>(upload.Uuid).SetAsync(Id);
        await GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).ImageAddedAsync();

        LogImageCreated(logger, Id, upload.Uuid, upload.Size);
        return details;
    }

    async Task<ImageDetails?> IImageGrain.GetAsync() => image.State.Exists ? ToDetails(await index.ReadViewsAsync(Id)) : null;

    async Task<ImageDetails?> IImageGrain.SetPrivacyAsync(PrivacyChange change)
    {
        if (!image.State.Exists || deleting)
        {
            return null;
        }

        var makePrivate = change.MakePrivate ?? !image.State.IsPrivate;
        image.State.IsPrivate = makePrivate;
        image.State.PrivateKey = makePrivate ? change.Password ?? PrivateKeys.Generate() : "";

        // What this change answers is taken now: a change after it may land in the same write.
        var changed = ToDetails(views: 0);
        await commits.CommitAsync();

        LogPrivacyChanged(logger, Id, makePrivate);
        return changed with { Views = await index.ReadViewsAsync(Id) };
    }

    async Task<ImageDetails?> IImageGrain.DeleteAsync()
    {
        if (!image.State.Exists || deleting)
        {
            return null;
        }

        deleting = true;
        try
        {
            // Changes of privacy interleave even with a delete: let those already made finish
            // their write and their count, so the count removed below is the final one.
            await commits.CommitAsync();
            var removed = ToDetails(await index.ReadViewsAsync(Id));

            await index.RemoveAsync(Id);
            await viewLog.DeleteImageAsync(Id);
            await GrainFactory.GetGrain<IImageAliasGrain>(removed.Uuid).ClearAsync();
            await GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).ImageRemovedAsync(removed.Size, countedAsPrivate);
            await image.ClearStateAsync();

            LogImageDeleted(logger, Id, removed.Uuid);
            return removed;
        }
        finally
        {
            deleting = false;
        }
    }

    // One write of the state, then the catalogue's count brought in line with what was written.
    private async Task PersistAsync()
    {
        var written = image.State.IsPrivate;
        try
        {
            await image.WriteStateAsync();
        }
        catch
        {
            // Memory now holds changes storage does not: start again from storage on the next call.
            DeactivateOnIdle();
            throw;
        }

        if (written != countedAsPrivate)
        {
            // Counted before the call returns: the catalogue keeps a change even when its own write
            // fails, so sending it again after a failure would count it twice.
            countedAsPrivate = written;
            await GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).PrivacyChangedAsync(written);
        }
    }

    private ImageDetails ToDetails(long views)
    {
        var state = image.State;
        return new ImageDetails(
            Id, state.Uuid, state.Filename, state.Extension, state.Size, state.UploadedAt,
            state.IsPrivate, state.PrivateKey, views);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Image {ImageId} ({Uuid}) stored, {Size} bytes")]
    private static partial void LogImageCreated(ILogger logger, long imageId, string uuid, long size);

    [LoggerMessage(Level = LogLevel.Information, Message = "Image {ImageId} privacy set, private: {IsPrivate}")]
    private static partial void LogPrivacyChanged(ILogger logger, long imageId, bool isPrivate);

    [LoggerMessage(Level = LogLevel.Information, Message = "Image {ImageId} ({Uuid}) deleted")]
    private static partial void LogImageDeleted(ILogger logger, long imageId, string uuid);
}
