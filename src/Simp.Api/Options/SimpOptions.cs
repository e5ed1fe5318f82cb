namespace Simp.Api.Options;

/// <summary>Site-wide settings of the <c>Simp</c> section.</summary>
public sealed class SimpOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Simp";

    /// <summary>
    /// The address links are built with, e.g. <c>https://i.example.com</c>. When absent, the
    /// scheme and host of each request are used.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>The upload key for ShareX and curl. When absent, one is generated and kept in the data folder.</summary>
    [Orleans.Redact]
    public string? UploadKey { get; set; }
}
