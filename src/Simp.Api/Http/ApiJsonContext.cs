using System.Text.Json;
using System.Text.Json.Serialization;
using Simp.Api.Auth;
using Simp.Api.Hosting;
using Simp.Api.Images;
using Simp.Api.Stats;

namespace Simp.Api.Http;

/// <summary>
/// Serialisation code generated at build time for every body the API writes. A page of history is a
/// hundred objects; written by generated code rather than reflection-driven converters, each request
/// costs less and allocates less.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ImageStatsResponse))]
[JsonSerializable(typeof(PrivacyResponse))]
[JsonSerializable(typeof(DiskUsageResponse))]
[JsonSerializable(typeof(DailyViewsResponse[]))]
[JsonSerializable(typeof(CountryViewsResponse[]))]
[JsonSerializable(typeof(RecentViewsResponse))]
[JsonSerializable(typeof(DashboardResponse))]
[JsonSerializable(typeof(ImageResponse))]
[JsonSerializable(typeof(ImageListResponse))]
[JsonSerializable(typeof(DeleteResponse))]
[JsonSerializable(typeof(ConfigResponse))]
[JsonSerializable(typeof(UsernameResponse))]
[JsonSerializable(typeof(MessageResponse))]
[JsonSerializable(typeof(RefreshResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
