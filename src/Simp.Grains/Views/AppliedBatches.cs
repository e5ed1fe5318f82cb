namespace Simp.Grains.Views;

/// <summary>
/// The ids of the batches a grain applied most recently, kept in its state so that a batch retried
/// after a partial failure is recognised and skipped.
/// </summary>
/// <remarks>
/// Gateways retry a failed batch within seconds, so remembering the last few hundred ids is ample;
/// the bound keeps the state small for grains that see every batch.
/// </remarks>
[GenerateSerializer]
public sealed class AppliedBatches
{
    /// <summary>How many batch ids are remembered when no other capacity is given.</summary>
    public const int DefaultCapacity = 256;

    [Id(0)]
    public Queue<Guid> Order { get; set; } = new();

    /// <summary>Whether the batch was applied already.</summary>
    public bool Contains(Guid batchId) => Order.Contains(batchId);

    /// <summary>Remembers a batch, forgetting the oldest one beyond <paramref name="capacity"/>.</summary>
    public void Add(Guid batchId, int capacity = DefaultCapacity)
    {
        Order.Enqueue(batchId);

        while (Order.Count > capacity)
        {
            Order.Dequeue();
        }
    }
}
