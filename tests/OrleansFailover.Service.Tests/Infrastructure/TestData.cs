using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Testing;

namespace OrleansFailover.Service.Tests.Infrastructure;

/// <summary>Small collections for cluster tests: the W1 shape (dense + sparse + payload), scaled down.</summary>
public static class TestData
{
    public static Workload Small(int points = 300, int seed = 3) => new("small", points, dimensions: 16, seed: seed);

    public static Task<string> CreateCollectionAsync(ServiceCluster service, Workload workload, string? name = null) =>
        CreateCollectionAsync(service.Router, workload, name);

    public static Task<string> CreateCollectionAsync(EmbeddedSiloFixture silo, Workload workload, string? name = null) =>
        CreateCollectionAsync(silo.Router, workload, name);

    public static async Task<string> CreateCollectionAsync(IVectorRouterGrain router, Workload workload, string? name = null)
    {
        name ??= "docs-" + Guid.NewGuid().ToString("N")[..8];
        await router.EnsureCollection(name, workload.Schema);
        foreach (var batch in workload.Batches(100))
        {
            await router.Upsert(name, batch);
        }

        return name;
    }

    public static SearchRequest DenseQuery(Workload workload, int index, int limit = 5) => new()
    {
        Query = VectorQuery.Dense(Workload.DenseName, workload.QueryVector(index)),
        Limit = limit,
        WithPayload = true,
    };
}
