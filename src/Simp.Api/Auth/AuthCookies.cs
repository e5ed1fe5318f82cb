namespace Simp.Api.Auth;

/// <summary>
/// The cookies of a browser session. Tokens are HttpOnly; only the CSRF token is readable, so the
/// page can echo it in <c>X-CSRF-Token</c>. SameSite=Strict keeps them off cross-site requests.
/// </summary>
public static class AuthCookies
{
    public const string AccessToken = "access_token";
    public const string RefreshToken = "refresh_token";
    public const string CsrfToken = "csrf_token";
    public const string UploadKey = "upload_key";

    /// <summary>Sets the cookies of a fresh token pair, and the upload key for the browser's uploads.</summary>
    public static void Write(HttpContext context, IssuedTokens tokens, string uploadKey)
    {
        var cookies = context.Response.Cookies;
        cookies.Append(AccessToken, tokens.AccessToken, Options(context, tokens.AccessLifetime, httpOnly: true));
        cookies.Append(RefreshToken, tokens.RefreshToken, Options(context, tokens.RefreshLifetime, httpOnly: true));
        cookies.Append(CsrfToken, tokens.CsrfToken, Options(context, tokens.RefreshLifetime, httpOnly: false));
        cookies.Append(UploadKey, uploadKey, Options(context, tokens.RefreshLifetime, httpOnly: true));
    }

    /// <summary>Removes every session cookie.</summary>
    public static void Clear(HttpContext context)
    {
        foreach (var name in new[] { AccessToken, RefreshToken, CsrfToken, UploadKey })
        {
            context.Response.Cookies.Delete(name, Options(context, TimeSpan.Zero, httpOnly: name != CsrfToken));
        }
    }

    private static CookieOptions Options(HttpContext context, TimeSpan lifetime, bool httpOnly) => new()
    {
        HttpOnly = httpOnly,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        MaxAge = lifetime,
    };
}
