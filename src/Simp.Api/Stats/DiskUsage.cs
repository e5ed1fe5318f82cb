using Microsoft.Extensions.Options;
using Simp.Api.Images;
using Simp.Api.Options;

namespace Simp.Api.Stats;

/// <summary>
/// Works out the disk-usage figures. With a size limit the limit is the total and Simp's images are
/// the usage; with <c>FULL</c> the whole disk under the images folder is measured.
/// </summary>
public sealed class DiskUsage(IOptions<StorageOptions> options, ImageFileStore files)
{
    private const double BytesPerGiB = 1L << 30;

    public DiskUsageResponse Measure(long appBytes)
    {
        var storage = options.Value;
        if (storage.MaxStorageBytes is { } limit)
        {
            return Response(appBytes, used: appBytes, total: limit, isFullStorage: false, storage.MaxStorage);
        }

        var drive = new DriveInfo(files.Root);
        return Response(appBytes, used: drive.TotalSize - drive.AvailableFreeSpace, total: drive.TotalSize, isFullStorage: true, ByteSize.Full);
    }

    private static DiskUsageResponse Response(long appBytes, long used, long total, bool isFullStorage, string limit)
    {
        var free = Math.Max(0, total - used);
        var percentage = total > 0 ? used * 100.0 / total : 0;

        return new DiskUsageResponse(appBytes / BytesPerGiB, free / BytesPerGiB, isFullStorage, percentage, limit, total / BytesPerGiB, used / BytesPerGiB);
    }
}
