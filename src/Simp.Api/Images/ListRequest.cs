using System.Globalization;
using Microsoft.Extensions.Options;
using Simp.Api.Options;
using Simp.Grains.Storage;

namespace Simp.Api.Images;

/// <summary>The query string of <c>/api/list</c>, checked and turned into an <see cref="ImageQuery"/>.</summary>
public static class ListRequest
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Parses the filters, or says which one is wrong.</summary>
    public static bool TryParse(
        IQueryCollection query, StorageOptions storage, out ImageQuery result, out string error)
    {
        result = null!;
        error = "";

        if (!TryParseNumber(query["page"], 1, 1, int.MaxValue, out var page)
            || !TryParseNumber(query["limit"], DefaultPageSize, 1, MaxPageSize, out var limit))
        {
            error = $"page must be 1 or more and limit between 1 and {MaxPageSize}";
            return false;
        }

        if (!TryParseDate(query["from"], out var from) || !TryParseDate(query["to"], out var to))
        {
            error = "from and to must be dates such as 2025-04-28";
            return false;
        }

        if (!TryParseType(query["type"], storage, out var extensions))
        {
            error = "type must be all, image, gif or an allowed extension";
            return false;
        }

        // "to" names the last day included; the last representable day has no day after it.
        var before = to is { } last && last < DateTime.MaxValue.Date ? last.AddDays(1) : (DateTime?)null;
        result = new ImageQuery(extensions, from, before, page, limit);
        return true;
    }

    private static bool TryParseType(string? type, StorageOptions storage, out IReadOnlyList<string>? extensions)
    {
        var allowed = storage.AllowedExtensions.Select(e => e.ToLowerInvariant()).ToList();
        extensions = (type ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "all" => null,
            "image" => [.. allowed.Where(e => e != "gif")],
            "jpg" or "jpeg" => ["jpg", "jpeg"],
            var extension when allowed.Contains(extension) => [extension],
            _ => [],
        };

        return extensions is not { Count: 0 };
    }

    private static bool TryParseNumber(string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    private static bool TryParseDate(string? text, out DateTime? date)
    {
        date = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return false;
        }

        date = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return true;
    }
}
