using Microsoft.Extensions.Caching.Memory;
using Simp.Grains.Sessions;

namespace Simp.Api.Auth;

/// <summary>
/// Whether the session an access token belongs to is still open, so that ending a session (a
/// logout, or a replayed refresh token) ends its access tokens too, not only its refresh token.
/// </summary>
/// <remarks>
/// A session found open is not asked about again for <see cref="RecheckAfter"/>, which keeps a
/// grain call off nearly every request. A session this gateway ends is forgotten at once; one
/// ended through another gateway stops working here within that time.
/// </remarks>
public sealed class OpenSessions(IGrainFactory grains) : IDisposable
{
    /// <summary>How long a session found open is taken to stay open.</summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(5);

    private readonly MemoryCache _confirmed = new(new MemoryCacheOptions());

    /// <summary>Whether the session is open: started, not ended, and its refresh token not expired.</summary>
    public async Task<bool> IsOpenAsync(string sessionId)
    {
        if (_confirmed.TryGetValue(sessionId, out _))
        {
            return true;
        }

        if (!await grains.GetGrain<ISessionGrain>(sessionId).IsOpenAsync())
        {
            return false;
        }

        _confirmed.Set(sessionId, true, RecheckAfter);
        return true;
    }

    /// <summary>Drops what is known of a session this gateway has just ended.</summary>
    public void Forget(string sessionId) => _confirmed.Remove(sessionId);

    public void Dispose() => _confirmed.Dispose();
}
