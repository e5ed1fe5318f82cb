using Simp.Api.Options;

namespace Simp.Tests.Http;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("2048", 2048L)]
    [InlineData("512B", 512L)]
    [InlineData("10MB", 10L << 20)]
    [InlineData(" 1.5 gb ", 3L << 29)]
    [InlineData("4KiB", 4096L)]
    [InlineData("2T", 2L << 40)]
    public void Sizes_ParseInBinaryUnits(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-1")]
    [InlineData("5I")]
    [InlineData("5IB")]
    [InlineData("5 PB")]
    [InlineData("1,5MB")]
    [InlineData("99999999999TB")]
    public void Nonsense_IsRefused_NotThrown(string text)
    {
        Assert.False(ByteSize.TryParse(text, out _));
    }
}
