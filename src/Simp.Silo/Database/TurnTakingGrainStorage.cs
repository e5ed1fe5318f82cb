using Orleans.Storage;
using Simp.Grains.Storage;

namespace Simp.Silo.Database;

/// <summary>
/// Grain storage whose writes wait for the process's turn to write, for an engine that takes one
/// writer at a time. Reads go straight through: they never wait for a writer there.
/// </summary>
public sealed class TurnTakingGrainStorage(IGrainStorage storage, WriteTurns turns)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        storage.ReadStateAsync(stateName, grainId, grainState);

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        turns.RunAsync(() => storage.WriteStateAsync(stateName, grainId, grainState));

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        turns.RunAsync(() => storage.ClearStateAsync(stateName, grainId, grainState));

    /// <summary>Lets the wrapped storage initialise with the silo, as it would unwrapped.</summary>
    public void Participate(ISiloLifecycle lifecycle) => (storage as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
