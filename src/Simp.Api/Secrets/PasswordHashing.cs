using Microsoft.AspNetCore.Identity;

namespace Simp.Api.Secrets;

/// <summary>Hashes and checks the administrator's password with ASP.NET Core Identity's PBKDF2 hasher.</summary>
public static class PasswordHashing
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object User = new();

    /// <summary>A salted hash of the password.</summary>
    public static string Hash(string password) => Hasher.HashPassword(User, password);

    /// <summary>Whether the password matches the hash.</summary>
    public static bool Verify(string hash, string password)
        => Hasher.VerifyHashedPassword(User, hash, password) != PasswordVerificationResult.Failed;
}
