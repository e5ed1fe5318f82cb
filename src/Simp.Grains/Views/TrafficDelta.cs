namespace Simp.Grains.Views;

/// <summary>What one batch adds to the site's traffic: views per UTC day and per country.</summary>
[GenerateSerializer, Immutable]
public sealed record TrafficDelta(
    [property: Id(0)] IReadOnlyDictionary<DateOnly, long> Days,
    [property: Id(1)] IReadOnlyList<CountryViews> Countries)
{
    /// <summary>Sums a batch's views by day and by country.</summary>
    public static TrafficDelta From(IEnumerable<ViewRecord> views)
    {
        var days = new Dictionary<DateOnly, long>();
        var countries = new Dictionary<string, CountryViews>(StringComparer.Ordinal);

        foreach (var view in views)
        {
            var day = DateOnly.FromDateTime(view.ViewedAt);
            days[day] = days.GetValueOrDefault(day) + 1;

            var code = view.Country.Code;
            countries[code] = countries.TryGetValue(code, out var tally)
                ? tally with { Views = tally.Views + 1 }
                : new CountryViews(view.Country, 1);
        }

        return new TrafficDelta(days, [.. countries.Values]);
    }
}
