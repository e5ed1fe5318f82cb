namespace Simp.Api.Views;

/// <summary>How the gateway batches views. Section <c>Simp:Views</c>.</summary>
public sealed class ViewBufferOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Simp:Views";

    /// <summary>The longest a view waits in the buffer before its batch is sent.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The most views one batch carries.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>How long a stopping gateway keeps trying to deliver what it still holds.</summary>
    public TimeSpan ShutdownFlushTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
