using Microsoft.Extensions.Options;
using Simp.Api.Options;
using Simp.Silo.Hosting;

namespace Simp.Api.Images;

/// <summary>The folder image files live in, one file per image named <c>{uuid}.{extension}</c>.</summary>
public sealed class ImageFileStore
{
    public ImageFileStore(IOptions<StorageOptions> options, IConfiguration configuration)
    {
        Root = Path.GetFullPath(options.Value.ImagesPath is { Length: > 0 } path
            ? path
            : Path.Combine(DataPath.Resolve(configuration), "images"));
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder's full path.</summary>
    public string Root { get; }

    /// <summary>The path of an image's file. The uuid is parsed upstream, so it cannot leave the folder.</summary>
    public string PathOf(Guid uuid, string extension) => Path.Combine(Root, $"{uuid:D}.{extension}");

    /// <summary>Writes an upload in full to a temporary file, then moves it into place.</summary>
    public async Task SaveAsync(Guid uuid, string extension, Stream content, CancellationToken cancellationToken)
    {
        var target = PathOf(uuid, extension);
        var temporary = target + ".uploading";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
            }

            File.Move(temporary, target);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Removes an image's file, if it is there.</summary>
    public void Delete(Guid uuid, string extension) => File.Delete(PathOf(uuid, extension));
}
