using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Simp.Api.Options;

namespace Simp.Api.Secrets;

/// <summary>
/// Loads the site's secrets, generating what configuration does not supply. Generated values are
/// kept in <c>secrets.json</c> (owner read/write only) so they survive restarts; a generated
/// password is kept only as its hash and shown once, on the console, when it is made.
/// </summary>
public static class SecretStore
{
    /// <summary>The file in the data folder.</summary>
    public const string FileName = "secrets.json";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Loads or creates the secrets; <paramref name="announce"/> receives the one-time login text.
    /// Gateways sharing a data folder agree on one set: they take turns under a lock file, so the
    /// first one generates and saves, and the others load what it saved.
    /// </summary>
    public static SiteSecrets LoadOrCreate(
        string dataPath, AdminOptions admin, AuthOptions auth, SimpOptions site, Action<string> announce)
    {
        Directory.CreateDirectory(dataPath);
        var path = Path.Combine(dataPath, FileName);

        using (TakeLock($"{path}.lock"))
        {
            return LoadOrCreateLocked(path, admin, auth, site, announce);
        }
    }

    private static SiteSecrets LoadOrCreateLocked(string path, AdminOptions admin, AuthOptions auth, SimpOptions site, Action<string> announce)
    {
        var stored = File.Exists(path) ? JsonSerializer.Deserialize<StoredSecrets>(File.ReadAllText(path)) ?? new() : new();
        var before = JsonSerializer.Serialize(stored, JsonOptions);
        var generated = new List<string>();

        var signingKey = auth.SigningKey is { Length: > 0 } configuredKey
            ? Encoding.UTF8.GetBytes(configuredKey)
            : Convert.FromBase64String(stored.SigningKey ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));

        var uploadKey = site.UploadKey is { Length: > 0 } configuredUploadKey
            ? configuredUploadKey
            : stored.UploadKey ?? Remember(stored.UploadKey = NewToken(), generated, value => $"Upload key: {value}");

        var passwordHash = admin.Password is { Length: > 0 } configuredPassword
            ? PasswordHashing.Hash(configuredPassword)
            : stored.AdminPasswordHash ?? HashNewPassword(stored, admin.Username, generated);

        if (JsonSerializer.Serialize(stored, JsonOptions) != before)
        {
            Save(path, stored);
        }

        if (generated.Count > 0)
        {
            announce(string.Join(Environment.NewLine, generated));
        }

        return new SiteSecrets(signingKey, uploadKey, passwordHash);
    }

    /// <summary>
    /// Opens the lock file exclusively (an advisory lock on Unix), waiting while another process
    /// or thread holds it.
    /// </summary>
    private static FileStream TakeLock(string lockPath)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < LockTimeout)
            {
                Thread.Sleep(25);
            }
        }
    }

    private static string HashNewPassword(StoredSecrets stored, string username, List<string> generated)
    {
        var password = NewToken();
        generated.Insert(0, $"Log in as '{username}' with password: {password}  (shown once; set Simp:Admin:Password to choose your own)");
        return stored.AdminPasswordHash = PasswordHashing.Hash(password);
    }

    private static string Remember(string value, List<string> generated, Func<string, string> describe)
    {
        generated.Add(describe(value));
        return value;
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))
        .Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private static void Save(string path, StoredSecrets stored)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(stored, JsonOptions));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // Readers never see a half-written file: the new one replaces the old in one rename.
        File.Move(temporary, path, overwrite: true);
    }
}
