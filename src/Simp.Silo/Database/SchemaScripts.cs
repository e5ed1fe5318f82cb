namespace Simp.Silo.Database;

/// <summary>Reads the schema scripts embedded in this assembly.</summary>
internal static class SchemaScripts
{
    public static string Read(string name)
    {
        var resource = $"Simp.Silo.Schema.{name}.sql";
        using var stream = typeof(SchemaScripts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The schema script '{resource}' is not embedded in {typeof(SchemaScripts).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
