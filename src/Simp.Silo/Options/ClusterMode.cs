namespace Simp.Silo.Options;

/// <summary>How silos find each other.</summary>
public enum ClusterMode
{
    /// <summary>One silo on this machine, no membership table; the default.</summary>
    Localhost,

    /// <summary>Silos register in the ADO.NET membership table of the shared database.</summary>
    AdoNet,
}
