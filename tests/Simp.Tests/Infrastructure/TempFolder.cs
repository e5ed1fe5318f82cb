namespace Simp.Tests.Infrastructure;

/// <summary>A uniquely named folder under the system temp folder, removed on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "simp-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process still closing a file; the temp folder is cleaned by the system eventually.
        }
    }
}
