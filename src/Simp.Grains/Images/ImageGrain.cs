using Orleans.Placement;
using Microsoft.Extensions.Logging;
using Simp.Grains.Catalog;
using Simp.Grains.Storage;

namespace Simp.Grains.Images;

/// <summary>
/// Owns one image. Its state is the source of truth for the image's metadata. Its privacy and view
/// count live in its row of the images table, which it keeps current for listings: the privacy
/// moves there in one transaction with the count of private images, the views with the view log.
/// </summary>
// Images are many and independent: spread them over the cluster rather than where their first
// caller happens to run.
[RandomPlacement]
public sealed partial class ImageGrain(
    [PersistentState(ImageGrain.StateName, StorageNames.Default)] IPersistentState<ImageState> image,
    IImageIndex index,
    IViewLog viewLog,
    ILogger<ImageGrain> logger) : Grain, IImageGrain
{
    /// <summary>The name the grain's state is stored under.</summary>
    public const string StateName = "image";

    private GroupCommit commits = null!;

    // The privacy callers see, with changes still being written.
    private ImagePrivacy privacy = ImagePrivacy.Public;

    // Whether the row holds the image as private, as this grain last read or wrote it.
    private bool storedAsPrivate;

    // Set while the image is being deleted: changes of privacy that arrive meanwhile find no image.
    private bool deleting;

    // Whether the image's row exists. A state without one is an upload or a delete that a crash cut
    // short: there is no image to show, serve or change, since its privacy is not known.
    private bool hasRow;

    private long Id => this.GetPrimaryKeyLong();

    private bool Exists => image.State.Exists && hasRow;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        commits = new GroupCommit(PersistPrivacyAsync);
        if (image.State.Exists && await index.ReadPrivacyAsync(Id, cancellationToken) is { } stored)
        {
            (privacy, storedAsPrivate, hasRow) = (stored, stored.IsPrivate, true);
        }
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
        await image.WriteStateAsync();

        var details = ToDetails(views: 0);
        await index.UpsertAsync(details);
        hasRow = true;
        await GrainFactory.GetGrain<IImageAliasGrain>(upload.Uuid).SetAsync(Id);
        await GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).ImageAddedAsync();

        LogImageCreated(logger, Id, upload.Uuid, upload.Size);
        return details;
    }

    async Task<ImageDetails?> IImageGrain.GetAsync() => Exists ? ToDetails(await index.ReadViewsAsync(Id)) : null;

    async Task<PrivacyResult?> IImageGrain.SetPrivacyAsync(PrivacyChange change)
    {
        if (!Exists || deleting)
        {
            return null;
        }

        var makePrivate = change.MakePrivate ?? !privacy.IsPrivate;
        privacy = Changed(privacy, makePrivate, change.Password);

        // What this change answers is taken now: a change after it may land in the same write.
        var result = new PrivacyResult(image.State.Uuid, privacy.IsPrivate, privacy.PrivateKey);
        await commits.CommitAsync();

        LogPrivacyChanged(logger, Id, makePrivate);
        return result;
    }

    // An image made private again without a password keeps its key, so that the links already
    // shared with it go on working; a toggle that turns it private always issues a new one.
    private static ImagePrivacy Changed(ImagePrivacy current, bool makePrivate, string? password) => (makePrivate, password) switch
    {
        (false, _) => ImagePrivacy.Public,
        (true, { } chosen) => new ImagePrivacy(true, chosen),
        (true, null) when current.IsPrivate => current,
        (true, null) => new ImagePrivacy(true, PrivateKeys.Generate()),
    };

    async Task<ImageDetails?> IImageGrain.DeleteAsync()
    {
        if (!Exists || deleting)
        {
            return null;
        }

        deleting = true;
        try
        {
            // Changes of privacy interleave even with a delete: let those already made finish
            // their write, so the privacy uncounted below is the stored one.
            await commits.CommitAsync();
            var removed = ToDetails(await index.ReadViewsAsync(Id));

            await index.RemoveAsync(Id, storedAsPrivate);
            hasRow = false;
            await viewLog.DeleteImageAsync(Id);
            await GrainFactory.GetGrain<IImageAliasGrain>(removed.Uuid).ClearAsync();
            await GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).ImageRemovedAsync(removed.Size, storedAsPrivate);
            await image.ClearStateAsync();

            LogImageDeleted(logger, Id, removed.Uuid);
            return removed;
        }
        finally
        {
            deleting = false;
        }
    }

    // One transaction stores the privacy and moves the count of private images with it; the
    // catalogue then learns that its count moved.
    private async Task PersistPrivacyAsync()
    {
        var written = privacy;
        try
        {
            await index.WritePrivacyAsync(Id, storedAsPrivate, written);
        }
        catch
        {
            // Memory now holds changes storage does not: start again from storage on the next call.
            DeactivateOnIdle();
            throw;
        }

        if (written.IsPrivate != storedAsPrivate)
        {
            storedAsPrivate = written.IsPrivate;
            await TellCatalogueAsync();
        }
    }

    // The change is stored whatever happens here, so a failure does not fail it: a catalogue that
    // missed the news reads the count again once its copy is old.
    private async Task TellCatalogueAsync()
    {
        try
        {
            await GrainFactory.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).PrivateImagesChangedAsync();
        }
        catch (Exception exception)
        {
            LogCatalogueNotTold(logger, exception, Id);
        }
    }

    private ImageDetails ToDetails(long views)
    {
        var state = image.State;
        return new ImageDetails(
            Id, state.Uuid, state.Filename, state.Extension, state.Size, state.UploadedAt,
            privacy.IsPrivate, privacy.PrivateKey, views);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Image {ImageId} ({Uuid}) stored, {Size} bytes")]
    private static partial void LogImageCreated(ILogger logger, long imageId, string uuid, long size);

    [LoggerMessage(Level = LogLevel.Information, Message = "Image {ImageId} privacy set, private: {IsPrivate}")]
    private static partial void LogPrivacyChanged(ILogger logger, long imageId, bool isPrivate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Image {ImageId} privacy stored, but the catalogue could not be told its count moved")]
    private static partial void LogCatalogueNotTold(ILogger logger, Exception exception, long imageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Image {ImageId} ({Uuid}) deleted")]
    private static partial void LogImageDeleted(ILogger logger, long imageId, string uuid);
}
