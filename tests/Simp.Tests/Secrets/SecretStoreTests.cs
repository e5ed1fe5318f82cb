using Simp.Api.Options;
using Simp.Api.Secrets;
using Simp.Tests.Infrastructure;

namespace Simp.Tests.Secrets;

public sealed class SecretStoreTests
{
    [Fact]
    public void FirstStart_GeneratesSecrets_AnnouncesThemOnce_AndStoresOnlyThePasswordHash()
    {
        using var data = new TempFolder();
        var announcements = new List<string>();

        var first = SecretStore.LoadOrCreate(data.Path, new AdminOptions(), new AuthOptions(), new SimpOptions(), announcements.Add);
        var second = SecretStore.LoadOrCreate(data.Path, new AdminOptions(), new AuthOptions(), new SimpOptions(), announcements.Add);

        var announcement = Assert.Single(announcements);
        var password = announcement.Split("password: ")[1].Split(' ')[0];
        Assert.True(PasswordHashing.Verify(first.AdminPasswordHash, password));
        Assert.Contains(first.UploadKey, announcement);
        Assert.Equal(first.SigningKey, second.SigningKey);
        Assert.Equal(first.UploadKey, second.UploadKey);
        var stored = File.ReadAllText(Path.Combine(data.Path, SecretStore.FileName));
        Assert.DoesNotContain(password, stored);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data.Path, SecretStore.FileName)));
        }
    }

    [Fact]
    public async Task GatewaysStartingTogether_OnASharedFolder_AgreeOnOneSetOfSecrets()
    {
        using var data = new TempFolder();
        var announcements = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var startTogether = new Barrier(8);

        var starts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(() =>
        {
            startTogether.SignalAndWait();
            return SecretStore.LoadOrCreate(data.Path, new AdminOptions(), new AuthOptions(), new SimpOptions(), announcements.Add);
        }, TaskCreationOptions.LongRunning)));

        Assert.Single(announcements);
        Assert.Single(starts.Select(secrets => Convert.ToBase64String(secrets.SigningKey)).Distinct());
        Assert.Single(starts.Select(secrets => secrets.UploadKey).Distinct());
        Assert.Single(starts.Select(secrets => secrets.AdminPasswordHash).Distinct());
    }

    [Fact]
    public void ConfiguredSecrets_AreUsed_AndNothingIsAnnounced()
    {
        using var data = new TempFolder();
        var announcements = new List<string>();

        var secrets = SecretStore.LoadOrCreate(data.Path, new AdminOptions { Password = "chosen" },
            new AuthOptions { SigningKey = new string('k', 40) }, new SimpOptions { UploadKey = "my-key" }, announcements.Add);

        Assert.Empty(announcements);
        Assert.Equal("my-key", secrets.UploadKey);
        Assert.True(PasswordHashing.Verify(secrets.AdminPasswordHash, "chosen"));
        Assert.False(PasswordHashing.Verify(secrets.AdminPasswordHash, "chosen!"));
    }
}
