using System.Net;
using Microsoft.Extensions.Options;
using Simp.Api.Options;
using Simp.Api.Views;
using Simp.Grains.Views;
using Simp.Tests.Infrastructure;

namespace Simp.Tests.GeoIp;

public sealed class CountryResolverTests
{
    [Theory]
    [InlineData("GeoLite2-Country")]
    [InlineData("GeoLite2-City")]
    public void Resolve_AddressesInTheDatabase_GetTheirCountries(string databaseType)
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "geo.mmdb");
        new MmdbWriter(databaseType)
            .AddCountry("203.0.113.0/24", "GB", "United Kingdom")
            .AddCountry("2001:db8::/32", "FR", "France")
            .Write(path);
        using var resolver = Resolver(path);

        Assert.Equal(new Country("GB", "United Kingdom"), resolver.Resolve(IPAddress.Parse("203.0.113.9")));
        Assert.Equal(new Country("GB", "United Kingdom"), resolver.Resolve(IPAddress.Parse("::ffff:203.0.113.9")));
        Assert.Equal(new Country("FR", "France"), resolver.Resolve(IPAddress.Parse("2001:db8::42")));
        Assert.Equal(Country.Unknown, resolver.Resolve(IPAddress.Parse("8.8.8.8")));
        Assert.Equal(Country.Unknown, resolver.Resolve(null));
    }

    [Fact]
    public void Resolve_WithoutADatabase_IsAlwaysUnknown()
    {
        using var resolver = Resolver(null);

        Assert.False(resolver.HasDatabase);
        Assert.Equal(Country.Unknown, resolver.Resolve(IPAddress.Parse("203.0.113.9")));
    }

    [Fact]
    public void Constructor_MissingDatabaseFile_FailsNamingTheSetting()
    {
        var exception = Assert.Throws<FileNotFoundException>(() => Resolver("/nonexistent/geo.mmdb"));

        Assert.Contains("Simp:Tracking:GeoIpDatabase", exception.Message);
    }

    private static CountryResolver Resolver(string? path) => new(Microsoft.Extensions.Options.Options.Create(new TrackingOptions { GeoIpDatabase = path }));
}
