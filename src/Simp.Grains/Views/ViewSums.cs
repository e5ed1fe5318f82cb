namespace Simp.Grains.Views;

/// <summary>What one batch adds to the counters kept with the view log: per image, per UTC day, per country.</summary>
public sealed record ViewSums(
    IReadOnlyList<(long ImageId, long Views)> Images,
    IReadOnlyList<(int Day, long Views)> Days,
    IReadOnlyList<(Country Country, long Views)> Countries)
{
    private static readonly int Epoch = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>
    /// Sums a batch. Each list is sorted by its key, so that concurrent batches update the same
    /// rows in the same order and cannot deadlock each other.
    /// </summary>
    public static ViewSums From(IEnumerable<ViewRecord> views)
    {
        var list = views as IReadOnlyCollection<ViewRecord> ?? views.ToList();

        return new ViewSums(
            [.. list.GroupBy(view => view.ImageId).Select(group => (group.Key, (long)group.Count())).OrderBy(pair => pair.Key)],
            [.. list.GroupBy(view => DayOf(view.ViewedAt)).Select(group => (group.Key, (long)group.Count())).OrderBy(pair => pair.Key)],
            [.. list.GroupBy(view => view.Country.Code)
                .Select(group => (group.First().Country, (long)group.Count()))
                .OrderBy(pair => pair.Item1.Code, StringComparer.Ordinal)]);
    }

    /// <summary>The day number a time falls on: days since 1970-01-01, UTC.</summary>
    public static int DayOf(DateTime utc) => DateOnly.FromDateTime(utc).DayNumber - Epoch;

    /// <summary>The date of a day number.</summary>
    public static DateOnly DateOf(int day) => DateOnly.FromDayNumber(day + Epoch);
}
