using OrleansFailover.Contracts;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.Qdrant;

namespace OrleansFailover.Benchmarks;

/// <summary>A workload loaded into the Qdrant test server, with a scratch folder for backups.</summary>
internal sealed class WorkloadFixture : IAsyncDisposable
{
    public const string Collection = "bench";

    private WorkloadFixture(Workload workload, QdrantTestServer.QdrantTestServer server, QdrantVectorStore primary, List<VectorPoint> points, string folder)
    {
        Workload = workload;
        Server = server;
        Primary = primary;
        Points = points;
        Folder = folder;
    }

    public Workload Workload { get; }

    public QdrantTestServer.QdrantTestServer Server { get; }

    public QdrantVectorStore Primary { get; }

    public List<VectorPoint> Points { get; }

    public string Folder { get; }

    public static async Task<WorkloadFixture> CreateAsync(Workload workload, string scratchRoot)
    {
        var server = await QdrantTestServer.QdrantTestServer.StartAsync();
        var primary = new QdrantVectorStore(new QdrantStoreOptions { Endpoint = server.Endpoint, CallTimeout = TimeSpan.FromMinutes(2) });
        await primary.CreateCollectionAsync(Collection, workload.Schema);
        var points = new List<VectorPoint>(workload.PointCount);
        foreach (var batch in workload.Batches(256))
        {
            await primary.UpsertAsync(Collection, batch);
            points.AddRange(batch);
        }

        var folder = Path.Combine(scratchRoot, workload.Name);
        Directory.CreateDirectory(folder);
        return new WorkloadFixture(workload, server, primary, points, folder);
    }

    public async ValueTask DisposeAsync()
    {
        Primary.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
