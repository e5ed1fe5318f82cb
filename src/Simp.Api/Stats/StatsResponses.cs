using System.Text.Json.Serialization;
using Simp.Api.Images;

namespace Simp.Api.Stats;

/// <summary><c>GET /api/stats/{id}</c>: the image and its views, newest first.</summary>
public sealed record ImageStatsResponse(
    [property: JsonPropertyName("image")] ImageResponse Image,
    [property: JsonPropertyName("views")] IReadOnlyList<ImageViewResponse> Views);

/// <summary>One view in an image's history.</summary>
public sealed record ImageViewResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("image_id")] long ImageId,
    [property: JsonPropertyName("ip")] string Ip,
    [property: JsonPropertyName("country_name")] string CountryName,
    [property: JsonPropertyName("country_code")] string CountryCode,
    [property: JsonPropertyName("user_agent")] string UserAgent,
    [property: JsonPropertyName("viewed_at")] DateTime ViewedAt);

/// <summary><c>POST /api/privacy/{id}</c>.</summary>
public sealed record PrivacyResponse(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("is_private")] bool IsPrivate,
    [property: JsonPropertyName("private_key")] string PrivateKey);

/// <summary><c>GET /api/stats/disk-usage</c>; sizes in GiB.</summary>
public sealed record DiskUsageResponse(
    [property: JsonPropertyName("app_storage")] double AppStorage,
    [property: JsonPropertyName("free")] double Free,
    [property: JsonPropertyName("is_full_storage")] bool IsFullStorage,
    [property: JsonPropertyName("percentage")] double Percentage,
    [property: JsonPropertyName("storage_limit")] string StorageLimit,
    [property: JsonPropertyName("total")] double Total,
    [property: JsonPropertyName("used")] double Used);

/// <summary>One row of <c>GET /api/stats/views</c>.</summary>
public sealed record DailyViewsResponse(
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("views")] long Views);

/// <summary>One row of <c>GET /api/stats/country-views</c>.</summary>
public sealed record CountryViewsResponse(
    [property: JsonPropertyName("country")] string Country,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("views")] long Views,
    [property: JsonPropertyName("percentage")] double Percentage);

/// <summary><c>GET /api/stats/recent-views</c>.</summary>
public sealed record RecentViewsResponse([property: JsonPropertyName("views")] IReadOnlyList<RecentViewResponse> Views);

/// <summary>One of the site's latest views.</summary>
public sealed record RecentViewResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("imageId")] long ImageId,
    [property: JsonPropertyName("imageUuid")] string ImageUuid,
    [property: JsonPropertyName("ip")] string Ip,
    [property: JsonPropertyName("country")] string Country,
    [property: JsonPropertyName("country_name")] string CountryName,
    [property: JsonPropertyName("country_code")] string CountryCode,
    [property: JsonPropertyName("userAgent")] string UserAgent,
    [property: JsonPropertyName("viewedAt")] DateTime ViewedAt);

/// <summary><c>GET /api/stats/dashboard</c>.</summary>
public sealed record DashboardResponse(
    [property: JsonPropertyName("private_images")] long PrivateImages,
    [property: JsonPropertyName("total_images")] long TotalImages,
    [property: JsonPropertyName("total_views")] long TotalViews);
