using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Simp.Grains.Storage;

namespace Simp.Grains.Sessions;

/// <inheritdoc cref="ISessionGrain"/>
public sealed partial class SessionGrain(
    [PersistentState("session", StorageNames.Default)] IPersistentState<SessionState> session,
    TimeProvider time,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain
{
    async Task ISessionGrain.StartAsync(string username, string tokenId, DateTime expiresAt)
    {
        session.State = new SessionState { Username = username, CurrentTokenId = tokenId, ExpiresAt = expiresAt };
        await session.WriteStateAsync();
    }

    async Task<string?> ISessionGrain.RotateAsync(string presentedTokenId, string newTokenId, DateTime newExpiresAt)
    {
        var state = session.State;
        if (!IsOpen)
        {
            return null;
        }

        if (!IsCurrent(presentedTokenId))
        {
            LogReplayedRefreshToken(logger, this.GetPrimaryKeyString());
            state.Ended = true;
            await session.WriteStateAsync();
            return null;
        }

        state.CurrentTokenId = newTokenId;
        state.ExpiresAt = newExpiresAt;
        await session.WriteStateAsync();
        return state.Username;
    }

    async Task ISessionGrain.EndAsync()
    {
        if (session.State.Ended || session.State.CurrentTokenId.Length == 0)
        {
            return;
        }

        session.State.Ended = true;
        await session.WriteStateAsync();
    }

    Task<bool> ISessionGrain.IsOpenAsync() => Task.FromResult(IsOpen);

    private bool IsOpen => session.State is { Ended: false, CurrentTokenId.Length: > 0 } state
        && state.ExpiresAt > time.GetUtcNow().UtcDateTime;

    private bool IsCurrent(string presentedTokenId) => CryptographicOperations.FixedTimeEquals(
        Encoding.UTF8.GetBytes(presentedTokenId), Encoding.UTF8.GetBytes(session.State.CurrentTokenId));

    [LoggerMessage(Level = LogLevel.Warning, Message = "A replaced refresh token was presented; session {SessionId} ended")]
    private static partial void LogReplayedRefreshToken(ILogger logger, string sessionId);
}
