using OrleansFailover.QdrantTestServer;

namespace OrleansFailover.VectorStores.Tests.Contract;

/// <summary>One Qdrant test server per test class that asks for it.</summary>
public sealed class QdrantTestServerFixture : IAsyncLifetime
{
    public QdrantTestServer.QdrantTestServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await QdrantTestServer.QdrantTestServer.StartAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
