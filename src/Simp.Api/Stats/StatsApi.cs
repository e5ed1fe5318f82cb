using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Simp.Api.Http;
using Simp.Api.Images;
using Simp.Grains.Catalog;
using Simp.Grains.Views;

namespace Simp.Api.Stats;

/// <summary>The analytics endpoints under <c>/api/stats</c>. All read sums the grains already keep.</summary>
public static class StatsApi
{
    public const int DefaultHistoryPage = 100;
    public const int MaxHistoryPage = 1000;
    public const int DefaultDays = 30;
    public const int MaxDays = 366;
    public const int DefaultRecent = 10;

    /// <summary>What a view shows in place of an address when none was stored.</summary>
    public const string NoAddress = "IP Tracking disabled";

    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        var stats = app.MapGroup("/api/stats").RequireAuthorization();

        stats.MapGet("/disk-usage", DiskUsageAsync);
        stats.MapGet("/views", DailyViewsAsync);
        stats.MapGet("/country-views", CountryViewsAsync);
        stats.MapGet("/recent-views", RecentViewsAsync);
        stats.MapGet("/dashboard", DashboardAsync);
        stats.MapGet("/{idOrUuid}", ImageStatsAsync);

        return app;
    }

    internal static async Task<Results<Ok<ImageStatsResponse>, JsonHttpResult<ErrorBody>>> ImageStatsAsync(
        string idOrUuid, int? limit, long? before, ImageLookup images, IGrainFactory grains)
    {
        if (limit is < 1 or > MaxHistoryPage || before is < 1)
        {
            return ApiErrors.BadRequest($"limit must be between 1 and {MaxHistoryPage}, and before a view id");
        }

        if (await images.FindAsync(idOrUuid) is not { } id)
        {
            return ApiErrors.NotFound();
        }

        // The image and its page of history are read by different grains, so both reads run at once.
        var reading = grains.GetGrain<IImageViewsGrain>(id).GetAsync(limit ?? DefaultHistoryPage, before);
        if (await images.Grain(id).GetAsync() is not { } image)
        {
            return ApiErrors.NotFound();
        }

        var views = await reading;
        return TypedResults.Ok(new ImageStatsResponse(ImageResponse.From(image), [.. views.Select(ToImageView)]));
    }

    internal static async Task<Ok<DiskUsageResponse>> DiskUsageAsync(IGrainFactory grains, DiskUsage disk)
    {
        var totals = await grains.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).GetTotalsAsync();
        return TypedResults.Ok(disk.Measure(totals.StoredBytes));
    }

    internal static async Task<Results<Ok<DailyViewsResponse[]>, JsonHttpResult<ErrorBody>>> DailyViewsAsync(
        int? days, IGrainFactory grains, TimeProvider time)
    {
        if (days is < 1 or > MaxDays)
        {
            return ApiErrors.BadRequest($"days must be between 1 and {MaxDays}");
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = today.AddDays(1 - (days ?? DefaultDays));
        var daily = await grains.GetGrain<ITrafficGrain>(TrafficGrain.SingletonKey).GetDailyAsync(first, today);

        return TypedResults.Ok(daily
            .Select(day => new DailyViewsResponse(day.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.Views))
            .ToArray());
    }

    internal static async Task<Ok<CountryViewsResponse[]>> CountryViewsAsync(IGrainFactory grains)
    {
        var countries = await grains.GetGrain<ITrafficGrain>(TrafficGrain.SingletonKey).GetCountriesAsync();
        var total = countries.Sum(country => country.Views);

        return TypedResults.Ok(countries
            .Select(country => new CountryViewsResponse(
                country.Country.Name,
                country.Country.Code.ToLowerInvariant(),
                country.Views,
                total == 0 ? 0 : Math.Round(country.Views * 100.0 / total, 2)))
            .ToArray());
    }

    internal static async Task<Results<Ok<RecentViewsResponse>, JsonHttpResult<ErrorBody>>> RecentViewsAsync(
        int? limit, IGrainFactory grains)
    {
        if (limit is < 1 or > RecentViewsGrain.Capacity)
        {
            return ApiErrors.BadRequest($"limit must be between 1 and {RecentViewsGrain.Capacity}");
        }

        var recent = await grains.GetGrain<IRecentViewsGrain>(RecentViewsGrain.SingletonKey).GetAsync(limit ?? DefaultRecent);
        return TypedResults.Ok(new RecentViewsResponse([.. recent.Select(ToRecentView)]));
    }

    internal static async Task<Ok<DashboardResponse>> DashboardAsync(IGrainFactory grains)
    {
        var totals = grains.GetGrain<ICatalogGrain>(CatalogGrain.SingletonKey).GetTotalsAsync();
        var views = grains.GetGrain<ITrafficGrain>(TrafficGrain.SingletonKey).GetTotalViewsAsync();
        await Task.WhenAll(totals, views);

        return TypedResults.Ok(new DashboardResponse(totals.Result.PrivateImages, totals.Result.Images, views.Result));
    }

    private static ImageViewResponse ToImageView(LoggedView logged)
    {
        var view = logged.View;
        return new ImageViewResponse(logged.Id, view.ImageId, view.Ip ?? NoAddress, view.Country.Name, view.Country.Code,
            view.UserAgent, DateTime.SpecifyKind(view.ViewedAt, DateTimeKind.Utc));
    }

    private static RecentViewResponse ToRecentView(LoggedView logged)
    {
        var view = logged.View;
        return new RecentViewResponse(logged.Id, view.ImageId, view.ImageUuid, view.Ip ?? NoAddress, view.Country.Code,
            view.Country.Name, view.Country.Code, view.UserAgent, DateTime.SpecifyKind(view.ViewedAt, DateTimeKind.Utc));
    }
}
