using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Simp.Tests.Infrastructure;

/// <summary>Real encoded pictures, made with ImageSharp, for upload tests.</summary>
public static class TestImages
{
    public static byte[] Png(int width = 32, int height = 24) => Encode(width, height, (image, stream) => image.SaveAsPng(stream));

    public static byte[] Jpeg(int width = 32, int height = 24) => Encode(width, height, (image, stream) => image.SaveAsJpeg(stream));

    public static byte[] Gif(int width = 32, int height = 24) => Encode(width, height, (image, stream) => image.SaveAsGif(stream));

    private static byte[] Encode(int width, int height, Action<Image<Rgba32>, Stream> save)
    {
        using var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Rgba32((byte)(x * 8), (byte)(y * 10), 160);
            }
        }

        using var stream = new MemoryStream();
        save(image, stream);
        return stream.ToArray();
    }
}
