using System.Security.Cryptography;
using System.Text;
using Simp.Api.Http;

namespace Simp.Api.Auth;

/// <summary>
/// Guards state changes made with the session cookie: the request must echo the session's CSRF
/// token in <c>X-CSRF-Token</c>. A request authenticated by an <c>Authorization: Bearer</c> header
/// is exempt, since a browser never attaches that header to a forged request by itself.
/// </summary>
public sealed class CsrfFilter : IEndpointFilter
{
    /// <summary>The header carrying the token.</summary>
    public const string HeaderName = "X-CSRF-Token";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!BearerHeader.IsPresent(http.Request) && !EchoesSessionToken(http))
        {
            return ApiErrors.Forbidden("Invalid CSRF token");
        }

        return await next(context);
    }

    private static bool EchoesSessionToken(HttpContext http)
    {
        var expected = http.User.FindFirst(TokenService.CsrfClaim)?.Value;
        var presented = http.Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(presented))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
    }
}
