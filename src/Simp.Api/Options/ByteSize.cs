using System.Globalization;
using System.Text.RegularExpressions;

namespace Simp.Api.Options;

/// <summary>
/// Parses the human sizes of the configuration: <c>10MB</c>, <c>1.5 GB</c>, <c>512KB</c>, <c>2048</c>
/// (bytes). Units are binary, as the disk-usage figures are GiB: 1 MB is 1,048,576 bytes.
/// </summary>
public static partial class ByteSize
{
    /// <summary>The word that means "the whole disk" where a storage limit is expected.</summary>
    public const string Full = "FULL";

    /// <summary>Parses a size, or returns false with nothing set.</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var match = SizePattern().Match(text ?? "");
        if (!match.Success)
        {
            return false;
        }

        var number = double.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture);
        var value = number * Multiplier(match.Groups["unit"].Value.ToUpperInvariant());
        if (value is < 0 or > long.MaxValue)
        {
            return false;
        }

        bytes = (long)value;
        return true;
    }

    /// <summary>Parses a size that configuration validation already accepted.</summary>
    public static long Parse(string text) => TryParse(text, out var bytes)
        ? bytes
        : throw new FormatException($"'{text}' is not a size such as 10MB.");

    private static double Multiplier(string unit) => unit switch
    {
        "" or "B" => 1,
        "K" or "KB" or "KIB" => 1L << 10,
        "M" or "MB" or "MIB" => 1L << 20,
        "G" or "GB" or "GIB" => 1L << 30,
        "T" or "TB" or "TIB" => 1L << 40,
        _ => throw new FormatException($"Unknown size unit '{unit}'."),
    };

    [GeneratedRegex(@"^\s*(?<number>\d+(\.\d+)?)\s*(?<unit>[KMGT]?I?B?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();
}
