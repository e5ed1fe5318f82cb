namespace Simp.Api.Secrets;

/// <summary>The secrets the gateway works with, from configuration or generated on first start.</summary>
/// <param name="SigningKey">The key access and refresh tokens are signed with.</param>
/// <param name="UploadKey">The key uploads must carry.</param>
/// <param name="AdminPasswordHash">The administrator's password, hashed.</param>
public sealed record SiteSecrets(byte[] SigningKey, string UploadKey, string AdminPasswordHash);
