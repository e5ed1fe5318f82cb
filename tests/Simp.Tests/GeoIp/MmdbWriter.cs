using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text;

namespace Simp.Tests.GeoIp;

/// <summary>
/// A minimal writer of MaxMind DB (<c>.mmdb</c>) files, so tests can build small GeoIP databases with known networks.
/// It writes an IPv6 tree (24-bit records) in which IPv4 networks live under <c>::/96</c>, aliased from
/// <c>::ffff:0:0/96</c> and <c>2002::/16</c> as in MaxMind's own databases. Addresses in no network are not found.
/// </summary>
public sealed class MmdbWriter
{
    private const int RecordBits = 24;
    private const int MaxRecordValue = (1 << RecordBits) - 1;
    private const int DataSeparatorLength = 16;
    private const int TypeString = 2;
    private const int TypeDouble = 3;
    private const int TypeUInt16 = 5;
    private const int TypeUInt32 = 6;
    private const int TypeMap = 7;
    private const int TypeUInt64 = 9;
    private const int TypeArray = 11;
    private const int TypeBoolean = 14;

    private static readonly byte[] _metadataMarker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];

    private readonly string _databaseType;
    private readonly string _description;
    private readonly DateTimeOffset _buildDate;
    private readonly Node _root = new();
    private readonly List<byte> _data = [];
    private readonly Dictionary<string, int> _dataOffsets = [];

    /// <summary>Starts an empty database.</summary>
    /// <param name="databaseType">
    /// The <c>database_type</c> metadata, e.g. <c>GeoLite2-Country</c> or <c>GeoLite2-City</c>. MaxMind's reader
    /// checks it: <c>(Try)Country</c> needs a type containing "Country", <c>(Try)City</c> one containing "City".
    /// </param>
    /// <param name="description">The English <c>description</c> metadata.</param>
    /// <param name="buildDate">The <c>build_epoch</c> metadata; now when omitted.</param>
    public MmdbWriter(string databaseType = "GeoLite2-Country", string? description = null,
        DateTimeOffset? buildDate = null)
    {
        _databaseType = databaseType;
        _description = description ?? $"{databaseType} test database";
        _buildDate = buildDate ?? DateTimeOffset.UtcNow;
    }

    /// <summary>
    /// Adds a network whose record is shaped like a GeoLite2 country record: <c>country</c> and
    /// <c>registered_country</c>, each with <c>geoname_id</c>, <c>iso_code</c> and <c>names.en</c>.
    /// </summary>
    /// <param name="cidr">An IPv4 (<c>203.0.113.0/24</c>) or IPv6 (<c>2001:db8::/32</c>) network.</param>
    /// <param name="isoCode">The ISO 3166-1 alpha-2 code, e.g. <c>GB</c>.</param>
    /// <param name="englishName">The English name, e.g. <c>United Kingdom</c>.</param>
    /// <param name="geonameId">The GeoNames id; a stable number derived from the code when omitted.</param>
    /// <returns>This writer.</returns>
    public MmdbWriter AddCountry(string cidr, string isoCode, string englishName, uint? geonameId = null)
    {
        var country = new Dictionary<string, object>
        {
            ["geoname_id"] = geonameId ?? DefaultGeonameId(isoCode),
            ["iso_code"] = isoCode,
            ["names"] = new Dictionary<string, object> { ["en"] = englishName },
        };
        return AddNetwork(cidr, new Dictionary<string, object>
        {
            ["country"] = country,
            ["registered_country"] = country,
        });
    }

    /// <summary>
    /// Adds a network with any record. Values may be <see cref="string"/>, <see cref="bool"/>, <see cref="ushort"/>,
    /// <see cref="uint"/>, <see cref="ulong"/>, <see cref="double"/>, maps as
    /// <c>IReadOnlyDictionary&lt;string, object&gt;</c> and arrays as <c>IEnumerable&lt;object&gt;</c>.
    /// A later network replaces the part of an earlier one it overlaps.
    /// </summary>
    /// <param name="cidr">An IPv4 or IPv6 network in CIDR notation.</param>
    /// <param name="record">The data the network's addresses resolve to.</param>
    /// <returns>This writer.</returns>
    public MmdbWriter AddNetwork(string cidr, IReadOnlyDictionary<string, object> record)
    {
        var (address, prefixLength) = ParseCidr(cidr);
        Insert(address, prefixLength, new Node { DataOffset = StoreData(record) });
        return this;
    }

    /// <summary>Writes the database to a file.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    public void Write(string path)
    {
        File.WriteAllBytes(path, ToBytes());
    }

    /// <summary>Returns the database file's bytes.</summary>
    /// <returns>The search tree, the data section and the metadata.</returns>
    public byte[] ToBytes()
    {
        AliasIpv4();
        var ids = new Dictionary<Node, int>();
        var nodes = NumberNodes(ids);
        if (nodes.Count + DataSeparatorLength + _data.Count > MaxRecordValue)
        {
            throw new InvalidOperationException("The database is too large for 24-bit records.");
        }

        var output = new List<byte>();
        foreach (var node in nodes)
        {
            WriteRecord(output, RecordValue(node.Children[0], nodes.Count, ids));
            WriteRecord(output, RecordValue(node.Children[1], nodes.Count, ids));
        }

        output.AddRange(new byte[DataSeparatorLength]);
        output.AddRange(_data);
        output.AddRange(_metadataMarker);
        Encode(output, Metadata(nodes.Count));
        return [.. output];
    }

    private static (byte[] Address, int PrefixLength) ParseCidr(string cidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var ip)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefixLength))
        {
            throw new ArgumentException($"'{cidr}' is not a network in CIDR notation.", nameof(cidr));
        }

        var isIpv4 = ip.AddressFamily == AddressFamily.InterNetwork;
        if (prefixLength > (isIpv4 ? 32 : 128) || (!isIpv4 && prefixLength == 0))
        {
            throw new ArgumentException($"'{cidr}' has an unsupported prefix length.", nameof(cidr));
        }

        var address = new byte[16];
        ip.GetAddressBytes().CopyTo(address, isIpv4 ? 12 : 0);
        return (address, isIpv4 ? prefixLength + 96 : prefixLength);
    }

    private static uint DefaultGeonameId(string isoCode)
    {
        var id = 0u;
        foreach (var c in isoCode.ToUpperInvariant())
        {
            id = (id * 31 + c) % 1_000_000;
        }

        return 6_000_000 + id;
    }

    private static int Bit(byte[] address, int index)
    {
        return (address[index >> 3] >> (7 - (index & 7))) & 1;
    }

    private void Insert(byte[] address, int prefixLength, Node? child)
    {
        var node = _root;
        for (var depth = 0; depth < prefixLength - 1; depth++)
        {
            node = Descend(node, Bit(address, depth));
        }

        node.Children[Bit(address, prefixLength - 1)] = child;
    }

    private static Node Descend(Node node, int bit)
    {
        var child = node.Children[bit];
        if (child is { IsLeaf: false })
        {
            return child;
        }

        var inner = new Node();
        inner.Children[0] = child;
        inner.Children[1] = child;
        node.Children[bit] = inner;
        return inner;
    }

    private void AliasIpv4()
    {
        var node = _root;
        for (var depth = 0; depth < 95 && node is { IsLeaf: false }; depth++)
        {
            node = node.Children[0];
        }

        var ipv4Root = node is { IsLeaf: false } ? node.Children[0] : null;
        if (ipv4Root is null)
        {
            return;
        }

        Insert([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0], 96, ipv4Root);
        Insert([0x20, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 16, ipv4Root);
    }

    private List<Node> NumberNodes(Dictionary<Node, int> ids)
    {
        var nodes = new List<Node> { _root };
        ids[_root] = 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            foreach (var child in nodes[i].Children)
            {
                if (child is { IsLeaf: false } && ids.TryAdd(child, nodes.Count))
                {
                    nodes.Add(child);
                }
            }
        }

        return nodes;
    }

    private static int RecordValue(Node? child, int nodeCount, Dictionary<Node, int> ids)
    {
        if (child is null)
        {
            return nodeCount;
        }

        return child.IsLeaf ? nodeCount + DataSeparatorLength + child.DataOffset : ids[child];
    }

    private static void WriteRecord(List<byte> output, int value)
    {
        output.Add((byte)(value >> 16));
        output.Add((byte)(value >> 8));
        output.Add((byte)value);
    }

    private int StoreData(IReadOnlyDictionary<string, object> record)
    {
        var encoded = new List<byte>();
        Encode(encoded, record);
        var key = Convert.ToHexString([.. encoded]);
        if (!_dataOffsets.TryGetValue(key, out var offset))
        {
            offset = _data.Count;
            _dataOffsets[key] = offset;
            _data.AddRange(encoded);
        }

        return offset;
    }

    private Dictionary<string, object> Metadata(int nodeCount)
    {
        return new Dictionary<string, object>
        {
            ["binary_format_major_version"] = (ushort)2,
            ["binary_format_minor_version"] = (ushort)0,
            ["build_epoch"] = (ulong)_buildDate.ToUnixTimeSeconds(),
            ["database_type"] = _databaseType,
            ["description"] = new Dictionary<string, object> { ["en"] = _description },
            ["ip_version"] = (ushort)6,
            ["languages"] = new object[] { "en" },
            ["node_count"] = (uint)nodeCount,
            ["record_size"] = (ushort)RecordBits,
        };
    }

    private static void Encode(List<byte> output, object value)
    {
        switch (value)
        {
            case string text:
                WriteField(output, TypeString, Encoding.UTF8.GetBytes(text));
                break;
            case bool flag:
                WriteControl(output, TypeBoolean, flag ? 1 : 0);
                break;
            case ushort or uint or ulong:
                WriteUnsigned(output, value);
                break;
            case double number:
                WriteDouble(output, number);
                break;
            case IReadOnlyDictionary<string, object> map:
                WriteMap(output, map);
                break;
            case IEnumerable<object> items:
                WriteArray(output, [.. items]);
                break;
            default:
                throw new ArgumentException($"Values of type {value.GetType()} are not supported.", nameof(value));
        }
    }

    private static void WriteUnsigned(List<byte> output, object value)
    {
        var (type, number) = value switch
        {
            ushort small => (TypeUInt16, (ulong)small),
            uint medium => (TypeUInt32, (ulong)medium),
            _ => (TypeUInt64, (ulong)value),
        };
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, number);
        WriteField(output, type, bytes.AsSpan(BitOperations.LeadingZeroCount(number) / 8).ToArray());
    }

    private static void WriteDouble(List<byte> output, double number)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bytes, number);
        WriteField(output, TypeDouble, bytes);
    }

    private static void WriteMap(List<byte> output, IReadOnlyDictionary<string, object> map)
    {
        WriteControl(output, TypeMap, map.Count);
        foreach (var (key, item) in map)
        {
            Encode(output, key);
            Encode(output, item);
        }
    }

    private static void WriteArray(List<byte> output, List<object> items)
    {
        WriteControl(output, TypeArray, items.Count);
        foreach (var item in items)
        {
            Encode(output, item);
        }
    }

    private static void WriteField(List<byte> output, int type, byte[] payload)
    {
        WriteControl(output, type, payload.Length);
        output.AddRange(payload);
    }

    private static void WriteControl(List<byte> output, int type, int size)
    {
        var (sizeBits, extraSize, extraLength) = size switch
        {
            < 29 => (size, 0, 0),
            < 285 => (29, size - 29, 1),
            < 65_821 => (30, size - 285, 2),
            _ => (31, size - 65_821, 3),
        };
        output.Add((byte)(((type <= 7 ? type : 0) << 5) | sizeBits));
        if (type > 7)
        {
            output.Add((byte)(type - 7));
        }

        for (var shift = (extraLength - 1) * 8; shift >= 0; shift -= 8)
        {
            output.Add((byte)(extraSize >> shift));
        }
    }

    /// <summary>A tree node, or a leaf pointing into the data section when <see cref="DataOffset"/> is set.</summary>
    private sealed class Node
    {
        public Node?[] Children { get; } = new Node?[2];

        public int DataOffset { get; init; } = -1;

        public bool IsLeaf => DataOffset >= 0;
    }
}
