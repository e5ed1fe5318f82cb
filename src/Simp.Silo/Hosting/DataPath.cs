using Microsoft.Extensions.Configuration;

namespace Simp.Silo.Hosting;

/// <summary>The data folder, <c>Simp:DataPath</c>: the embedded database, images and generated secrets.</summary>
public static class DataPath
{
    /// <summary>The configuration key.</summary>
    public const string Key = "Simp:DataPath";

    /// <summary>The folder used when none is configured, relative to the working directory.</summary>
    public const string Default = "data";

    /// <summary>The configured data folder as a full path; it is not created here.</summary>
    public static string Resolve(IConfiguration configuration) => Path.GetFullPath(configuration[Key] is { Length: > 0 } path ? path : Default);
}
