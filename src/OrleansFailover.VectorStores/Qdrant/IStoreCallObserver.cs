namespace OrleansFailover.VectorStores.Qdrant;

/// <summary>
/// Sees the outcome of every call the Qdrant store makes, so that a circuit breaker can count failures.
/// Implementations must be cheap and must not throw.
/// </summary>
public interface IStoreCallObserver
{
    void OnSucceeded(string operation, TimeSpan elapsed);

    void OnFailed(string operation, OrleansFailover.Contracts.VectorStoreException error);
}
