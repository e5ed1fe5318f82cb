namespace Simp.Grains.Sessions;

/// <summary>The persisted state of a login session.</summary>
[GenerateSerializer]
public sealed class SessionState
{
    [Id(0)] public string Username { get; set; } = "";
    [Id(1)] public string CurrentTokenId { get; set; } = "";
    [Id(2)] public DateTime ExpiresAt { get; set; }
    [Id(3)] public bool Ended { get; set; }
}
