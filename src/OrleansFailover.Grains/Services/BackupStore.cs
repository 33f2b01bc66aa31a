using OrleansFailover.VectorStores;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Grains.Services;

/// <summary>This silo's in-memory vector store, holding the collections whose grains live here while failover lasts.</summary>
public sealed class BackupStore
{
    public InMemoryVectorStore Memory { get; } = new();

    public IVectorStore Store => Memory;
}
