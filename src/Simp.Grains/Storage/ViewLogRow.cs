using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>A row of the view log as Dapper reads it.</summary>
internal sealed class ViewLogRow
{
    public long Id { get; init; }
    public long ImageId { get; init; }
    public string ImageUuid { get; init; } = "";
    public long ViewedAt { get; init; }
    public string? Ip { get; init; }
    public string CountryCode { get; init; } = "";
    public string CountryName { get; init; } = "";
    public string UserAgent { get; init; } = "";

    public LoggedView ToLoggedView() => new(
        Id,
        new ViewRecord(ImageId, ImageUuid, UnixTime.FromMilliseconds(ViewedAt), Ip, new Country(CountryCode, CountryName), UserAgent));
}
