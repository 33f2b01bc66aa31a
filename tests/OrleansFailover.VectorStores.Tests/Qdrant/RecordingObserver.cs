using System.Collections.Concurrent;
using OrleansFailover.Contracts;
using OrleansFailover.VectorStores.Qdrant;

namespace OrleansFailover.VectorStores.Tests.Qdrant;

internal sealed class RecordingObserver : IStoreCallObserver
{
    public ConcurrentQueue<string> Succeeded { get; } = new();

    public ConcurrentQueue<(string Operation, VectorStoreException Error)> Failed { get; } = new();

    public void OnSucceeded(string operation, TimeSpan elapsed) => Succeeded.Enqueue(operation);

    public void OnFailed(string operation, VectorStoreException error) => Failed.Enqueue((operation, error));
}
