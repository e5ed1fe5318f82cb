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

    // The pattern admits only B or a prefix with an optional I and B, so the prefix decides.
    private static double Multiplier(string unit) => unit.FirstOrDefault() switch
    {
        'K' => 1L << 10,
        'M' => 1L << 20,
        'G' => 1L << 30,
        'T' => 1L << 40,
        _ => 1,
    };

    [GeneratedRegex(@"^\s*(?<number>\d+(\.\d+)?)\s*(?<unit>[KMGT]I?B?|B)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();
}
