using OrleansFailover.Contracts;
using OrleansFailover.Testing;

namespace OrleansFailover.Service.Tests.Infrastructure;

/// <summary>Small collections for cluster tests: the W1 shape (dense + sparse + payload), scaled down.</summary>
public static class TestData
{
    public static Workload Small(int points = 300, int seed = 3) => new("small", points, dimensions: 16, seed: seed);

    public static async Task<string> CreateCollectionAsync(ServiceCluster service, Workload workload, string? name = null)
    {
        name ??= "docs-" + Guid.NewGuid().ToString("N")[..8];
        await service.Router.EnsureCollection(name, workload.Schema);
        foreach (var batch in workload.Batches(100))
        {
            await service.Router.Upsert(name, batch);
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
