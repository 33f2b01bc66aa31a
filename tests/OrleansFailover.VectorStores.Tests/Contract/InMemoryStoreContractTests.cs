using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.VectorStores.Tests.Contract;

public sealed class InMemoryStoreContractTests : VectorStoreContract
{
    protected override ValueTask<IVectorStore> OpenStoreAsync() => ValueTask.FromResult<IVectorStore>(new InMemoryVectorStore());
}
