using OrleansFailover.VectorStores.Qdrant;

namespace OrleansFailover.VectorStores.Tests.Contract;

/// <summary>
/// The contract against a real Qdrant, when ORLEANSFAILOVER_QDRANT_URL names its gRPC endpoint
/// (for example http://localhost:6334; ORLEANSFAILOVER_QDRANT_API_KEY if it needs one). Skipped otherwise.
/// </summary>
public sealed class RealQdrantContractTests : VectorStoreContract
{
    public const string UrlVariable = "ORLEANSFAILOVER_QDRANT_URL";
    public const string ApiKeyVariable = "ORLEANSFAILOVER_QDRANT_API_KEY";

    protected override ValueTask<IVectorStore> OpenStoreAsync()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        Assert.SkipWhen(string.IsNullOrWhiteSpace(url), $"No real Qdrant configured: set {UrlVariable} to its gRPC endpoint.");
        return ValueTask.FromResult<IVectorStore>(new QdrantVectorStore(new QdrantStoreOptions
        {
            Endpoint = new Uri(url!),
            ApiKey = Environment.GetEnvironmentVariable(ApiKeyVariable),
            ExactSearch = true,
        }));
    }
}
