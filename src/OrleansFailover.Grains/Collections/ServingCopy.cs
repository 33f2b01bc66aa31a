using OrleansFailover.Contracts.Service;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Grains.Collections;

/// <summary>The in-memory copy a collection serves from, the writer that journals its failover writes, and how it was restored.</summary>
public sealed record ServingCopy(InMemoryVectorStore Store, FailoverWriter Writer, RestoreReport Report);
