using System.Security.Cryptography;
using System.Text;

namespace Simp.Grains.Images;

/// <summary>Issues private keys and checks the keys presented in links.</summary>
public static class PrivateKeys
{
    /// <summary>The longest key an owner may choose.</summary>
    public const int MaxPasswordLength = 128;

    /// <summary>
    /// Whether an owner may choose <paramref name="password"/> as a key: 1 to
    /// <see cref="MaxPasswordLength"/> characters, none of them a control character, which no link
    /// needs and not every database can store.
    /// </summary>
    public static bool IsAcceptablePassword(string password)
        => password.Length is > 0 and <= MaxPasswordLength && !password.Any(char.IsControl);

    /// <summary>A fresh random key: 128 bits as lower-case hex.</summary>
    public static string Generate() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Whether a link's <c>key</c> parameter (the base64 of the key, standard or URL-safe) opens
    /// an image with <paramref name="privateKey"/>. The comparison takes the same time wherever
    /// the keys differ.
    /// </summary>
    public static bool Matches(string privateKey, string? presentedKey)
    {
        if (string.IsNullOrEmpty(privateKey) || string.IsNullOrEmpty(presentedKey))
        {
            return false;
        }

        var presented = DecodeBase64(presentedKey);
        if (presented is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(privateKey));
    }

    /// <summary>The value a link carries for a key.</summary>
    public static string ToLinkKey(string privateKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes(privateKey));

    private static byte[]? DecodeBase64(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        var padded = standard.PadRight(standard.Length + (4 - standard.Length % 4) % 4, '=');

        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
    }
}
