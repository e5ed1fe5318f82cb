using Simp.Grains.Storage;

namespace Simp.Grains.Images;

/// <summary>Answers image listings from the images table; a stateless worker.</summary>
public interface IImageListGrain : IGrainWithIntegerKey
{
    /// <summary>One page of matching images, newest first, as their grains report them now.</summary>
    Task<ImagePage<ImageDetails>> ListAsync(ImageQuery query);
}
