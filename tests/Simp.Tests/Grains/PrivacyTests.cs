using System.Text;
using Simp.Grains.Images;
using Simp.Tests.Infrastructure;

namespace Simp.Tests.Grains;

[Collection(SqliteClusterCollection.Name)]
public sealed class PrivacyTests(SqliteClusterFixture fixture)
{
    [Fact]
    public async Task Toggle_EachTimeItTurnsPrivate_IssuesAFreshRandomKey()
    {
        // Arrange
        var image = await CreateImageAsync();

        // Act
        var firstPrivate = await image.SetPrivacyAsync(PrivacyChange.Toggle);
        var nowPublic = await image.SetPrivacyAsync(PrivacyChange.Toggle);
        var secondPrivate = await image.SetPrivacyAsync(PrivacyChange.Toggle);

        // Assert
        Assert.True(firstPrivate!.IsPrivate);
        Assert.Matches("^[0-9a-f]{32}$", firstPrivate.PrivateKey);
        Assert.False(nowPublic!.IsPrivate);
        Assert.Equal("", nowPublic.PrivateKey);
        Assert.True(secondPrivate!.IsPrivate);
        Assert.Matches("^[0-9a-f]{32}$", secondPrivate.PrivateKey);
        Assert.NotEqual(firstPrivate.PrivateKey, secondPrivate.PrivateKey);
    }

    [Fact]
    public async Task PrivateImage_OpensOnlyWithTheBase64OfItsKey()
    {
        // Arrange
        var image = await CreateImageAsync();
        var key = (await image.SetPrivacyAsync(new PrivacyChange(true, "open sesame")))!.PrivateKey;
        var linkKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("open sesame"));

        // Act & Assert
        Assert.Equal("open sesame", key);
        Assert.True((await image.GetAsync())!.AllowsServing("png", linkKey));
        Assert.True((await image.GetAsync())!.AllowsServing("png", linkKey.TrimEnd('=')));
        Assert.False((await image.GetAsync())!.AllowsServing("png", null));
        Assert.False((await image.GetAsync())!.AllowsServing("png", "open sesame"));
        Assert.False((await image.GetAsync())!.AllowsServing("png", Convert.ToBase64String(Encoding.UTF8.GetBytes("open sesamE"))));
        Assert.False((await image.GetAsync())!.AllowsServing("jpg", linkKey));
    }

    [Fact]
    public async Task SetPrivacy_Public_ClearsTheKeyAndServesWithoutOne()
    {
        // Arrange
        var image = await CreateImageAsync();
        await image.SetPrivacyAsync(PrivacyChange.Toggle);

        // Act
        var result = await image.SetPrivacyAsync(new PrivacyChange(false, null));

        // Assert
        Assert.False(result!.IsPrivate);
        Assert.Equal("", result.PrivateKey);
        Assert.True((await image.GetAsync())!.AllowsServing("png", null));
    }

    [Fact]
    public async Task SetPrivacy_PrivateAgainWithoutAPassword_KeepsTheKeyTheLinksCarry()
    {
        // Arrange
        var chosen = await CreateImageAsync();
        var random = await CreateImageAsync();
        await chosen.SetPrivacyAsync(new PrivacyChange(true, "open sesame"));
        var randomKey = (await random.SetPrivacyAsync(new PrivacyChange(true, null)))!.PrivateKey;

        // Act
        var chosenAgain = await chosen.SetPrivacyAsync(new PrivacyChange(true, null));
        var randomAgain = await random.SetPrivacyAsync(new PrivacyChange(true, null));
        var chosenAnew = await chosen.SetPrivacyAsync(new PrivacyChange(true, "new secret"));

        // Assert
        Assert.Equal("open sesame", chosenAgain!.PrivateKey);
        Assert.Matches("^[0-9a-f]{32}$", randomKey);
        Assert.Equal(randomKey, randomAgain!.PrivateKey);
        Assert.Equal("new secret", chosenAnew!.PrivateKey);
        Assert.True((await random.GetAsync())!.AllowsServing("png", Convert.ToBase64String(Encoding.UTF8.GetBytes(randomKey))));
    }

    [Fact]
    public async Task SetPrivacy_UnknownImage_ReturnsNull()
    {
        var result = await fixture.Grains.GetGrain<IImageGrain>(TestViews.UniqueImageId()).SetPrivacyAsync(PrivacyChange.Toggle);

        Assert.Null(result);
    }

    private async Task<IImageGrain> CreateImageAsync()
    {
        var image = fixture.Grains.GetGrain<IImageGrain>(TestViews.UniqueImageId());
        await image.CreateAsync(new NewImage(Guid.NewGuid().ToString("D"), "dog.png", "png", 10, DateTime.UtcNow));
        return image;
    }
}
