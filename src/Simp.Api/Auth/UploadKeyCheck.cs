using System.Security.Cryptography;
using System.Text;
using Simp.Api.Secrets;

namespace Simp.Api.Auth;

/// <summary>
/// Checks the upload key, which clients send in different places: the browser's <c>upload_key</c>
/// cookie, a form field <c>key</c> (ShareX), <c>X-Upload-Key</c>, or <c>Authorization</c> with or
/// without a <c>Bearer</c> prefix.
/// </summary>
public sealed class UploadKeyCheck(SiteSecrets secrets)
{
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(secrets.UploadKey));

    /// <summary>Whether any place the request carries a key holds the right one.</summary>
    public bool IsAuthorized(HttpRequest request, IFormCollection? form)
        => Candidates(request, form).Any(Matches);

    private static IEnumerable<string> Candidates(HttpRequest request, IFormCollection? form)
    {
        yield return request.Headers["X-Upload-Key"].ToString();

        var authorization = request.Headers.Authorization.ToString();
        yield return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : authorization;

        yield return form?["key"].ToString() ?? "";
        yield return request.Cookies[AuthCookies.UploadKey] ?? "";
    }

    // Hashing both sides first gives equal lengths, so the comparison time says nothing about the key.
    private bool Matches(string candidate)
        => candidate.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), _expected);
}
