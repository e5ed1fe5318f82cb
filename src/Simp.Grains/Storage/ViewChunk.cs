using System.Text;
using Simp.Grains.Views;

namespace Simp.Grains.Storage;

/// <summary>
/// A run of one image's views, ids ascending, stored as one value: the view logs on SQLite and
/// PostgreSQL keep a row per chunk instead of a row per view. The strings views repeat (user agents, countries,
/// addresses) are stored once per chunk; ids and times are stored as differences.
/// </summary>
/// <remarks>
/// Layout: a format byte; the number of distinct strings and each string; the number of views; per
/// view its id less the previous one (the first view's is 0), its time in Unix milliseconds less
/// the previous view's (zigzag, since views need not arrive in time order), and the positions of
/// its address (0 for none, else position + 1), country code, country name and user agent among
/// the strings. Numbers are 7-bit encoded.
/// </remarks>
internal static class ViewChunk
{
    /// <summary>The most views one chunk holds, so a page of history never decodes much more than it returns.</summary>
    public const int MaxViews = 128;

    private const byte Format = 1;

    // Strings are read strictly, so damaged bytes fail the read instead of showing as other text.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes views of one image, ids ascending.</summary>
    public static byte[] Encode(IReadOnlyList<LoggedView> views)
    {
        ArgumentOutOfRangeException.ThrowIfZero(views.Count);

        var strings = new StringTable();
        using var body = new MemoryStream(views.Count * 8);
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            var (previousId, previousTime) = (views[0].Id, 0L);
            foreach (var (id, view) in views)
            {
                var time = UnixTime.ToMilliseconds(view.ViewedAt);
                writer.Write7BitEncodedInt64(id - previousId);
                writer.Write7BitEncodedInt64(ZigZag(time - previousTime));
                writer.Write7BitEncodedInt(view.Ip is null ? 0 : strings.PositionOf(view.Ip) + 1);
                writer.Write7BitEncodedInt(strings.PositionOf(view.Country.Code));
                writer.Write7BitEncodedInt(strings.PositionOf(view.Country.Name));
                writer.Write7BitEncodedInt(strings.PositionOf(view.UserAgent));
                (previousId, previousTime) = (id, time);
            }
        }

        using var chunk = new MemoryStream((int)body.Length + (strings.Items.Count * 16) + 8);
        using (var writer = new BinaryWriter(chunk, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Format);
            writer.Write7BitEncodedInt(strings.Items.Count);
            foreach (var text in strings.Items)
            {
                writer.Write(text);
            }

            writer.Write7BitEncodedInt(views.Count);
            writer.Write(body.GetBuffer(), 0, (int)body.Length);
        }

        return chunk.ToArray();
    }

    /// <summary>
    /// Adds the views of a chunk with ids between <paramref name="above"/> and
    /// <paramref name="below"/> (both excluded) to <paramref name="views"/>, ids ascending. Views
    /// outside the range, and strings only they use, are skipped without being built.
    /// </summary>
    /// <exception cref="InvalidDataException">The chunk does not hold what its row says, naming the row.</exception>
    public static void Decode(ChunkRow row, long above, long below, List<LoggedView> views)
    {
        try
        {
            if (!TryDecode(row, above, below, views))
            {
                throw new InvalidDataException($"View chunk {row.Id} of image {row.ImageId} does not hold the views its row describes.");
            }
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"View chunk {row.Id} of image {row.ImageId} cannot be read.", exception);
        }
    }

    private static bool TryDecode(ChunkRow row, long above, long below, List<LoggedView> views)
    {
        using var stream = new MemoryStream(row.Views, writable: false);
        using var reader = new BinaryReader(stream, StrictUtf8);
        if (reader.ReadByte() != Format)
        {
            return false;
        }

        var strings = new LazyStrings(row.Views, reader);

        // Views of one chunk mostly come from a few countries: one Country object each.
        var countries = new Dictionary<(int Code, int Name), Country>();
        var count = reader.Read7BitEncodedInt();
        var (id, time) = (row.FirstId, 0L);
        for (var i = 0; i < count; i++)
        {
            id += reader.Read7BitEncodedInt64();
            time += UnZigZag(reader.Read7BitEncodedInt64());
            var (ip, code, name, userAgent) = (reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt(), reader.Read7BitEncodedInt());
            if (id <= above || id >= below)
            {
                continue;
            }

            if (!countries.TryGetValue((code, name), out var country))
            {
                countries[(code, name)] = country = new Country(strings[code], strings[name]);
            }

            var view = new ViewRecord(row.ImageId, row.ImageUuid, UnixTime.FromMilliseconds(time), ip == 0 ? null : strings[ip - 1], country, strings[userAgent]);
            views.Add(new LoggedView(id, view));
        }

        // The row's id is its newest view's, and nothing follows the last view.
        return count > 0 && id == row.Id && stream.Position == stream.Length;
    }

    /// <summary>The distinct strings of a chunk, in the order they were first met.</summary>
    private sealed class StringTable
    {
        private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);

        public List<string> Items { get; } = [];

        public int PositionOf(string text)
        {
            if (!_positions.TryGetValue(text, out var position))
            {
                _positions[text] = position = Items.Count;
                Items.Add(text);
            }

            return position;
        }
    }

    /// <summary>A chunk's string table, each string built the first time a kept view uses it.</summary>
    private sealed class LazyStrings
    {
        private readonly byte[] _chunk;
        private readonly (int Offset, int Length)[] _places;
        private readonly string?[] _built;

        /// <summary>Notes where each string lies and leaves the reader after the table.</summary>
        public LazyStrings(byte[] chunk, BinaryReader reader)
        {
            _chunk = chunk;
            var count = reader.Read7BitEncodedInt();
            if (count < 0 || count > chunk.Length)
            {
                throw new FormatException($"A chunk of {chunk.Length} bytes cannot hold {count} strings.");
            }

            _places = new (int, int)[count];
            _built = new string?[_places.Length];
            for (var i = 0; i < _places.Length; i++)
            {
                var length = reader.Read7BitEncodedInt();
                _places[i] = ((int)reader.BaseStream.Position, length);
                reader.BaseStream.Seek(length, SeekOrigin.Current);
            }
        }

        public string this[int position] =>
            _built[position] ??= StrictUtf8.GetString(_chunk, _places[position].Offset, _places[position].Length);
    }

    private static long ZigZag(long value) => (value << 1) ^ (value >> 63);

    private static long UnZigZag(long value) => (long)((ulong)value >> 1) ^ -(value & 1);
}

/// <summary>A row of a chunked view log: the chunk's newest and oldest view ids, its image, and its encoded views.</summary>
internal readonly record struct ChunkRow(long Id, long FirstId, long ImageId, string ImageUuid, byte[] Views);
