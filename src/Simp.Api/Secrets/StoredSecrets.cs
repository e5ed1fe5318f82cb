namespace Simp.Api.Secrets;

/// <summary>The generated secrets kept in <c>secrets.json</c> in the data folder.</summary>
internal sealed class StoredSecrets
{
    public string? SigningKey { get; set; }
    public string? UploadKey { get; set; }
    public string? AdminPasswordHash { get; set; }
}
