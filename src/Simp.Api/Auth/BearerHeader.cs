namespace Simp.Api.Auth;

/// <summary>How an API client sends its access token: <c>Authorization: Bearer …</c>.</summary>
public static class BearerHeader
{
    /// <summary>
    /// Whether the request carries its access token in a Bearer header. Any other Authorization
    /// scheme (one a proxy adds, say) does not count, and leaves the session cookie in use.
    /// </summary>
    public static bool IsPresent(HttpRequest request)
        => request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
