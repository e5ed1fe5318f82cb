using System.Collections.Frozen;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Orleans.Configuration;
using Orleans.Storage;

namespace Simp.Tests.Storage;

/// <summary>The parameters a provider sends with one query, and those a correct query must read.</summary>
internal sealed record QueryParameters(IReadOnlySet<string> Sent, IReadOnlySet<string> Required);

/// <summary>
/// What the Orleans ADO.NET providers ask of a schema script: the keys they look up in the query
/// table and the parameters they send with each. The keys are read from the Orleans assemblies in
/// use, so an upgrade that adds a query fails the script tests until the scripts have it. The
/// parameters are not recorded in any form an assembly exposes; they are written out below from
/// the Orleans sources (AdoNetGrainStorage.cs and RelationalOrleansQueries.cs), and
/// <see cref="Unconfirmed"/> checks each name against what the assemblies do hold.
/// </summary>
internal static class OrleansQueryKeys
{
    private const string StoredQueriesType = "Orleans.Clustering.AdoNet.Storage.DbStoredQueries";

    private static readonly string[] GrainKey =
        ["ServiceId", "GrainTypeString", "GrainIdN0", "GrainIdN1", "GrainIdExtensionString"];

    // The provider sends the two hashes with every storage query; a script may ignore them.
    private static readonly string[] GrainHashes = ["GrainIdHash", "GrainTypeHash"];

    private static readonly string[] Silo = ["DeploymentId", "Address", "Port", "Generation"];

    /// <summary>
    /// The grain storage keys, from the query the provider initialises itself with
    /// (<see cref="AdoNetGrainStorage.DefaultInitializationQuery"/>).
    /// </summary>
    public static IReadOnlyList<string> Storage { get; } = [.. Regex
        .Matches(AdoNetGrainStorage.DefaultInitializationQuery, @"QueryKey\s*=\s*'(\w+)'")
        .Select(match => match.Groups[1].Value)];

    /// <summary>
    /// The clustering keys: the properties of the clustering assembly's internal stored-query type,
    /// the very list that type checks the query table against when a silo starts.
    /// </summary>
    public static IReadOnlyList<string> Clustering { get; } = [.. StoredQueries()
        .GetProperties(BindingFlags.Instance | BindingFlags.NonPublic)
        .Select(property => property.Name)];

    /// <summary>The parameters of every key, storage and clustering alike.</summary>
    public static IReadOnlyDictionary<string, QueryParameters> Parameters { get; } =
        new Dictionary<string, QueryParameters>
    {
        ["ReadFromStorageKey"] = Of(sent: [.. GrainKey, .. GrainHashes], required: GrainKey),
        ["WriteToStorageKey"] = Of(
            sent: [.. GrainKey, .. GrainHashes, "GrainStateVersion", "PayloadBinary"],
            required: [.. GrainKey, "GrainStateVersion", "PayloadBinary"]),
        ["ClearStorageKey"] = Of(
            sent: [.. GrainKey, .. GrainHashes, "GrainStateVersion"], required: [.. GrainKey, "GrainStateVersion"]),
        ["DeleteStorageKey"] = Of(
            sent: [.. GrainKey, .. GrainHashes, "GrainStateVersion"], required: [.. GrainKey, "GrainStateVersion"]),

        ["GatewaysQueryKey"] = Of(["DeploymentId", "Status"]),
        ["MembershipReadRowKey"] = Of(Silo),
        ["MembershipReadAllKey"] = Of(["DeploymentId"]),
        ["InsertMembershipVersionKey"] = Of(["DeploymentId"]),
        ["UpdateIAmAlivetimeKey"] = Of([.. Silo, "IAmAliveTime"]),
        ["InsertMembershipKey"] = Of(
            [.. Silo, "SiloName", "HostName", "Status", "ProxyPort", "StartTime", "IAmAliveTime", "Version"]),
        ["UpdateMembershipKey"] = Of([.. Silo, "Status", "SuspectTimes", "IAmAliveTime", "Version"]),
        ["DeleteMembershipTableEntriesKey"] = Of(["DeploymentId"]),
        ["CleanupDefunctSiloEntriesKey"] = Of(["DeploymentId", "IAmAliveTime"]),
    }.ToFrozenDictionary();

    /// <summary>
    /// The written parameter names that the Orleans assemblies do not confirm: a storage name must
    /// be a string literal of the persistence assembly, a clustering name a property of the
    /// clustering assembly's parameter type. Empty when every name checks out.
    /// </summary>
    public static IReadOnlyList<string> Unconfirmed()
    {
        var storageStrings = UserStrings(typeof(AdoNetGrainStorage).Assembly);
        var clusteringColumns = (StoredQueries().GetNestedType("Columns", BindingFlags.NonPublic)
                ?? throw new InvalidOperationException($"{StoredQueriesType} has no nested Columns type any more."))
            .GetProperties(BindingFlags.Instance | BindingFlags.NonPublic)
            .Select(property => property.Name)
            .ToHashSet(StringComparer.Ordinal);

        return [.. Parameters
            .SelectMany(entry => entry.Value.Sent.Select(name => (Key: entry.Key, Name: name)))
            .Where(pair => Storage.Contains(pair.Key)
                ? !storageStrings.Contains(pair.Name)
                : !clusteringColumns.Contains(pair.Name))
            .Select(pair => $"{pair.Key}: {pair.Name}")];
    }

    private static QueryParameters Of(string[] sent) => Of(sent, sent);

    private static QueryParameters Of(string[] sent, string[] required) => new(
        sent.ToFrozenSet(StringComparer.Ordinal), required.ToFrozenSet(StringComparer.Ordinal));

    private static Type StoredQueries() =>
        typeof(AdoNetClusteringSiloOptions).Assembly.GetType(StoredQueriesType)
        ?? throw new InvalidOperationException(
            $"{typeof(AdoNetClusteringSiloOptions).Assembly.GetName()} has no type {StoredQueriesType} any more; " +
            "find where the clustering provider now lists its query keys and read them from there.");

    /// <summary>The string literals compiled into an assembly (its #US metadata heap).</summary>
    private static HashSet<string> UserStrings(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();

        var strings = new HashSet<string>(StringComparer.Ordinal);
        for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = reader.GetNextHandle(handle))
        {
            strings.Add(reader.GetUserString(handle));
        }

        return strings;
    }
}
