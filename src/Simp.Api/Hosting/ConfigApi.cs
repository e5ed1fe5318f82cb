using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Simp.Api.Options;

namespace Simp.Api.Hosting;

/// <summary><c>GET /api/config</c>: what the web dashboard needs to know before logging in.</summary>
public static class ConfigApi
{
    public static IEndpointRouteBuilder MapConfigApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/config", GetConfig);
        return app;
    }

    internal static Ok<ConfigResponse> GetConfig(IOptions<TrackingOptions> tracking, IOptions<StorageOptions> storage)
        => TypedResults.Ok(new ConfigResponse(tracking.Value.Enabled, storage.Value.MaxFileSizeBytes));
}

/// <summary>The public configuration; <c>max_file_size</c> is in bytes.</summary>
public sealed record ConfigResponse(
    [property: JsonPropertyName("enable_ip_tracking")] bool EnableIpTracking,
    [property: JsonPropertyName("max_file_size")] long MaxFileSize);
