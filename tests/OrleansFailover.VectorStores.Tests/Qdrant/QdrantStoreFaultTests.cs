using Grpc.Core;
using OrleansFailover.Contracts;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.Qdrant;

namespace OrleansFailover.VectorStores.Tests.Qdrant;

/// <summary>
/// What the Qdrant store does when Qdrant misbehaves, driven by the test server's fault injection.
/// Each test has its own server because it breaks it.
/// </summary>
public sealed class QdrantStoreFaultTests : IAsyncLifetime
{
    private QdrantTestServer.QdrantTestServer _server = null!;
    private readonly RecordingObserver _observer = new();
    private QdrantVectorStore _store = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await QdrantTestServer.QdrantTestServer.StartAsync();
        _store = new QdrantVectorStore(
            new QdrantStoreOptions { Endpoint = _server.Endpoint, CallTimeout = TimeSpan.FromSeconds(5) }, _observer);
    }

    public async ValueTask DisposeAsync()
    {
        _store.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_server_answering_unavailable_fails_the_call_as_unavailable_and_reports_it()
    {
        var name = await CreateWithPointsAsync(3);
        _server.Faults.Unavailable = true;

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => _store.CountAsync(name, cancellationToken: Cancel));

        Assert.Equal(VectorStoreErrorKind.Unavailable, error.Kind);
        Assert.True(error.IsStoreFailure);
        var (operation, reported) = Assert.Single(_observer.Failed);
        Assert.Equal("count", operation);
        Assert.Same(error, reported);
    }

    [Fact]
    public async Task A_stopped_server_is_unhealthy_and_unreachable_then_comes_back_with_its_data()
    {
        var name = await CreateWithPointsAsync(5);
        await _server.StopAsync();

        var health = await _store.CheckHealthAsync(Cancel);
        var error = await Assert.ThrowsAsync<VectorStoreException>(() => _store.CountAsync(name, cancellationToken: Cancel));

        Assert.False(health.IsHealthy);
        Assert.Equal(VectorStoreErrorKind.Unavailable, error.Kind);

        await _server.StartAgainAsync();

        Assert.True((await _store.CheckHealthAsync(Cancel)).IsHealthy);
        Assert.Equal(5, await _store.CountAsync(name, cancellationToken: Cancel));
    }

    [Fact]
    public async Task A_server_started_empty_has_lost_its_collections()
    {
        var name = await CreateWithPointsAsync(5);
        await _server.StopAsync();

        await _server.StartAgainAsync(empty: true);

        Assert.False(await _store.CollectionExistsAsync(name, Cancel));
    }

    [Fact]
    public async Task A_primary_that_dies_mid_scroll_fails_the_next_page_after_serving_the_first()
    {
        var name = await CreateWithPointsAsync(10);
        _server.Faults.FailAfter(1, "Scroll");

        var first = await _store.ScrollAsync(name, new ScrollRequest { Limit = 4 }, Cancel);
        var error = await Assert.ThrowsAsync<VectorStoreException>(
            () => _store.ScrollAsync(name, new ScrollRequest { Limit = 4, Offset = first.NextOffset }, Cancel));

        Assert.Equal(4, first.Points.Count);
        Assert.Equal(VectorStoreErrorKind.Unavailable, error.Kind);
        Assert.Equal(2, _server.Faults.CallCount("Scroll"));
    }

    [Fact]
    public async Task A_call_slower_than_the_deadline_fails_as_a_timeout_not_as_unavailable()
    {
        var name = await CreateWithPointsAsync(1);
        using var slowStore = new QdrantVectorStore(
            new QdrantStoreOptions { Endpoint = _server.Endpoint, CallTimeout = TimeSpan.FromMilliseconds(200) }, _observer);
        _server.Faults.Latency = TimeSpan.FromSeconds(30);

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => slowStore.CountAsync(name, cancellationToken: Cancel));

        // One slow request says nothing certain about Qdrant's health: it is not a store failure by itself.
        Assert.Equal(VectorStoreErrorKind.Timeout, error.Kind);
        Assert.False(error.IsStoreFailure);
    }

    [Fact]
    public async Task A_rejected_request_is_reported_but_is_not_a_store_failure()
    {
        var name = await CreateWithPointsAsync(1);
        _server.Faults.FailAfter(0, "Upsert", StatusCode.InvalidArgument);

        var error = await Assert.ThrowsAsync<VectorStoreException>(
            () => _store.UpsertAsync(name, [TestPoints.Dense(9, "dense", [1, 2, 3])], Cancel));

        Assert.Equal(VectorStoreErrorKind.InvalidArgument, error.Kind);
        Assert.False(error.IsStoreFailure);
    }

    [Fact]
    public async Task Every_successful_call_is_reported_to_the_observer()
    {
        var name = await CreateWithPointsAsync(2);

        await _store.SearchAsync(name, new SearchRequest { Query = VectorQuery.Dense("dense", [1, 0, 0]) }, Cancel);

        Assert.Equal(["create collection", "upsert", "search"], _observer.Succeeded);
        Assert.Empty(_observer.Failed);
    }

    private async Task<string> CreateWithPointsAsync(int count)
    {
        var name = "faults-" + Guid.NewGuid().ToString("N")[..8];
        await _store.CreateCollectionAsync(name, TestPoints.DenseSchema(3, Distance.Cosine), Cancel);
        await _store.UpsertAsync(
            name, Enumerable.Range(1, count).Select(i => TestPoints.Dense((ulong)i, "dense", [i, 1, 0])).ToArray(), Cancel);
        return name;
    }
}
