namespace Simp.Grains.Storage;

/// <summary>
/// Times in the project's tables are Unix milliseconds in a BIGINT: the same on every engine,
/// ordered as numbers, and free of any session time zone.
/// </summary>
internal static class UnixTime
{
    public static long ToMilliseconds(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    public static DateTime FromMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;
}
