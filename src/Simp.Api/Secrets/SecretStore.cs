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

    /// <summary>
    /// Loads or creates the secrets; <paramref name="announce"/> receives the one-time login text.
    /// Gateways sharing a data folder agree on one set: the first to save it wins, the others load it.
    /// </summary>
    public static SiteSecrets LoadOrCreate(
        string dataPath, AdminOptions admin, AuthOptions auth, SimpOptions site, Action<string> announce)
    {
        Directory.CreateDirectory(dataPath);
        var path = Path.Combine(dataPath, FileName);

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return LoadOrCreateOnce(path, admin, auth, site, announce);
            }
            catch (IOException) when (attempt < 3)
            {
                // Another gateway created the file first; load what it saved.
            }
        }
    }

    private static SiteSecrets LoadOrCreateOnce(string path, AdminOptions admin, AuthOptions auth, SimpOptions site, Action<string> announce)
    {
        var existed = File.Exists(path);
        var stored = existed ? JsonSerializer.Deserialize<StoredSecrets>(File.ReadAllText(path)) ?? new() : new();
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

        Save(path, stored, replace: existed);
        if (generated.Count > 0)
        {
            announce(string.Join(Environment.NewLine, generated));
        }

        return new SiteSecrets(signingKey, uploadKey, passwordHash);
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

    private static void Save(string path, StoredSecrets stored, bool replace)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(stored, JsonOptions));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            // Creating the file never overwrites one another process made in the meantime.
            File.Move(temporary, path, overwrite: replace);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
