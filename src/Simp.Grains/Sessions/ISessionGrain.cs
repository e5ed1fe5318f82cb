using Orleans.Concurrency;

namespace Simp.Grains.Sessions;

/// <summary>
/// A login session, keyed by its id, holding which refresh token is current. Each refresh
/// replaces the token; presenting a replaced one ends the session, since only a stolen copy
/// would still be used.
/// </summary>
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Opens the session with its first refresh token.</summary>
    Task StartAsync(string username, string tokenId, DateTime expiresAt);

    /// <summary>
    /// Swaps the current refresh token for a new one. Returns the user, or null when the
    /// presented token is not the current one or the session is over.
    /// </summary>
    Task<string?> RotateAsync(string presentedTokenId, string newTokenId, DateTime newExpiresAt);

    /// <summary>Ends the session; its refresh token no longer works.</summary>
    Task EndAsync();

    /// <summary>Whether the session is open: started, not ended, and its refresh token not expired.</summary>
    [ReadOnly]
    Task<bool> IsOpenAsync();
}
