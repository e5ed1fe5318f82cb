using System.Text.Json.Serialization;

namespace Simp.Api.Http;

/// <summary>The body of every error response: <c>{"error": "..."}</c>.</summary>
public sealed record ErrorBody([property: JsonPropertyName("error")] string Error);
