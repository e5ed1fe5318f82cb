using Microsoft.Extensions.Options;
using Simp.Api.Images;
using Simp.Api.Options;
using Simp.Tests.Infrastructure;

namespace Simp.Tests.Http;

public sealed class ImageFileCacheTests : IDisposable
{
    private readonly TempFolder _folder = new("simp-file-cache");

    [Fact]
    public async Task SmallFile_IsReadOnce_ThenServedFromMemoryUntilForgotten()
    {
        using var cache = CacheOf("64KB");
        var path = Write("a.png", TestImages.Png());
        var first = await cache.GetAsync(path, CancellationToken.None);

        // Stored files never change, so a later write shows whether the disk was read again.
        var replacement = TestImages.Png(width: 40);
        await File.WriteAllBytesAsync(path, replacement);
        var second = await cache.GetAsync(path, CancellationToken.None);
        cache.Forget(path);
        var afterForget = await cache.GetAsync(path, CancellationToken.None);

        Assert.Equal(TestImages.Png(), first!.Content);
        Assert.Same(first, second);
        Assert.Equal(replacement, afterForget!.Content);
        Assert.Equal(File.GetLastWriteTimeUtc(path), afterForget.LastModified.UtcDateTime);
    }

    [Fact]
    public async Task FileOverASixteenthOfTheBudget_IsLeftOnDisk()
    {
        using var cache = CacheOf("16KB");
        var small = Write("small.bin", new byte[1024]);
        var large = Write("large.bin", new byte[1025]);

        Assert.NotNull(await cache.GetAsync(small, CancellationToken.None));
        Assert.Null(await cache.GetAsync(large, CancellationToken.None));
    }

    [Theory]
    [InlineData("0", "present.png")]
    [InlineData("64KB", "missing.png")]
    public async Task NoCachingOrNoFile_ReturnsNull(string budget, string name)
    {
        using var cache = CacheOf(budget);
        Write("present.png", TestImages.Png());

        Assert.Null(await cache.GetAsync(Path.Combine(_folder.Path, name), CancellationToken.None));
    }

    public void Dispose() => _folder.Dispose();

    private static ImageFileCache CacheOf(string budget) =>
        new(Microsoft.Extensions.Options.Options.Create(new GatewayOptions { FileCacheSize = budget }));

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
