using System.Net;
using MaxMind.GeoIP2;
using MaxMind.GeoIP2.Responses;
using Microsoft.Extensions.Options;
using Simp.Api.Options;
using Simp.Grains.Views;

namespace Simp.Api.Views;

/// <summary>
/// Finds a visitor's country in a local MaxMind-format database (Country or City edition). With
/// no database configured, every address is of unknown country.
/// </summary>
public sealed class CountryResolver : IDisposable
{
    private readonly DatabaseReader? _reader;
    private readonly bool _isCityDatabase;

    public CountryResolver(IOptions<TrackingOptions> options)
    {
        if (options.Value.GeoIpDatabase is not { Length: > 0 } path)
        {
            return;
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{TrackingOptions.SectionName}:{nameof(TrackingOptions.GeoIpDatabase)} names '{path}', which does not exist.", path);
        }

        _reader = new DatabaseReader(path, MaxMind.Db.FileAccessMode.MemoryMapped);
        _isCityDatabase = _reader.Metadata.DatabaseType.Contains("City", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether a database is loaded.</summary>
    public bool HasDatabase => _reader is not null;

    /// <summary>The country of an address, or <see cref="Country.Unknown"/>.</summary>
    public Country Resolve(IPAddress? address)
    {
        if (_reader is null || address is null)
        {
            return Country.Unknown;
        }

        var country = Lookup(_reader, address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
        return country?.IsoCode is { Length: 2 } code
            ? new Country(code.ToUpperInvariant(), country.Name ?? code.ToUpperInvariant())
            : Country.Unknown;
    }

    private MaxMind.GeoIP2.Model.Country? Lookup(DatabaseReader reader, IPAddress address)
    {
        if (_isCityDatabase)
        {
            return reader.TryCity(address, out CityResponse? city) ? city?.Country : null;
        }

        return reader.TryCountry(address, out CountryResponse? country) ? country?.Country : null;
    }

    public void Dispose() => _reader?.Dispose();
}
