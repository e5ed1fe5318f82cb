using System.Data.Common;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace Simp.Silo.Database;

/// <summary>
/// Applies the schema before anything in the silo touches the database: the membership table,
/// the grain storage provider and the grains all start after it.
/// </summary>
internal sealed partial class SchemaInstaller(
    IDatabaseEngine engine,
    DbDataSource dataSource,
    ILogger<SchemaInstaller> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaInstaller), ServiceLifecycleStage.RuntimeInitialize - 100, ApplyAsync);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await engine.ApplySchemaAsync(dataSource, cancellationToken);
            LogSchemaApplied(logger, engine.Invariant);
        }
        catch (Exception exception)
        {
            LogSchemaFailed(logger, exception, engine.Invariant);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is current ({Invariant})")]
    private static partial void LogSchemaApplied(ILogger logger, string invariant);

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying the database schema failed ({Invariant})")]
    private static partial void LogSchemaFailed(ILogger logger, Exception exception, string invariant);
}
