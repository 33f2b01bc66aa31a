using OrleansFailover.Contracts;
using OrleansFailover.Testing;

namespace OrleansFailover.VectorStores.Tests.Contract;

/// <summary>
/// What every <see cref="IVectorStore"/> must do, written once and run against the in-memory store,
/// the Qdrant store over the test server, and a real Qdrant when one is configured.
/// </summary>
public abstract partial class VectorStoreContract : IAsyncLifetime
{
    private readonly List<string> _created = [];
    private IVectorStore? _store;

    protected IVectorStore Store => _store ?? throw new InvalidOperationException("The store is not ready.");

    /// <summary>The store under test; may skip the test when the store is not available here.</summary>
    protected abstract ValueTask<IVectorStore> OpenStoreAsync();

    public async ValueTask InitializeAsync() => _store = await OpenStoreAsync();

    public async ValueTask DisposeAsync()
    {
        if (_store is null)
        {
            return;
        }

        foreach (var name in _created)
        {
            try
            {
                await _store.DeleteCollectionAsync(name);
            }
            catch (VectorStoreException)
            {
                // A test that broke the store on purpose may leave it unable to clean up.
            }
        }

        GC.SuppressFinalize(this);
    }

    protected string NewName()
    {
        var name = "contract-" + Guid.NewGuid().ToString("N")[..12];
        _created.Add(name);
        return name;
    }

    protected async Task<string> CreateAsync(CollectionSchema schema)
    {
        var name = NewName();
        await Store.CreateCollectionAsync(name, schema, TestContext.Current.CancellationToken);
        return name;
    }

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_collection_can_be_created_inspected_listed_and_deleted()
    {
        var schema = TestPoints.HybridSchema(4, Distance.Dot);
        var name = await CreateAsync(schema);

        Assert.True(await Store.CollectionExistsAsync(name, Cancel));
        var info = await Store.GetCollectionAsync(name, Cancel);
        Assert.Equal(schema, info.Schema);
        Assert.Equal(0, info.PointCount);
        Assert.Contains(name, await Store.ListCollectionsAsync(Cancel));

        Assert.True(await Store.DeleteCollectionAsync(name, Cancel));
        Assert.False(await Store.CollectionExistsAsync(name, Cancel));
        Assert.DoesNotContain(name, await Store.ListCollectionsAsync(Cancel));
        Assert.False(await Store.DeleteCollectionAsync(name, Cancel));
    }

    [Fact]
    public async Task Creating_a_collection_that_exists_is_refused_as_already_existing()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(3, Distance.Cosine));

        var error = await Assert.ThrowsAsync<VectorStoreException>(
            () => Store.CreateCollectionAsync(name, TestPoints.DenseSchema(3, Distance.Cosine), Cancel));
        Assert.Equal(VectorStoreErrorKind.CollectionAlreadyExists, error.Kind);
    }

    [Fact]
    public async Task Every_operation_on_an_unknown_collection_says_the_collection_is_not_found()
    {
        var name = NewName();
        var point = TestPoints.Dense(1, "dense", [1, 0, 0]);
        Func<Task>[] operations =
        [
            () => Store.GetCollectionAsync(name, Cancel),
            () => Store.UpsertAsync(name, [point], Cancel),
            () => Store.DeleteAsync(name, [PointId.FromNumber(1)], Cancel),
            () => Store.GetAsync(name, [PointId.FromNumber(1)], cancellationToken: Cancel),
            () => Store.CountAsync(name, cancellationToken: Cancel),
            () => Store.ScrollAsync(name, new ScrollRequest(), Cancel),
            () => Store.SearchAsync(name, new SearchRequest { Query = VectorQuery.Dense("dense", [1, 0, 0]) }, Cancel),
        ];

        foreach (var operation in operations)
        {
            var error = await Assert.ThrowsAsync<VectorStoreException>(operation);
            Assert.Equal(VectorStoreErrorKind.CollectionNotFound, error.Kind);
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("bell\u0007")]
    [InlineData("new\nline")]
    [InlineData(".hidden")]
    [InlineData("colon:name")]
    public async Task An_illegal_collection_name_is_refused_with_the_reason(string name)
    {
        var error = await Assert.ThrowsAsync<VectorStoreException>(
            () => Store.CreateCollectionAsync(name, TestPoints.DenseSchema(3, Distance.Cosine), Cancel));

        Assert.Equal(VectorStoreErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("collection name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_collection_name_over_255_bytes_is_refused()
    {
        var name = new string('é', 128); // 256 bytes in UTF-8, 128 characters
        var error = await Assert.ThrowsAsync<VectorStoreException>(
            () => Store.CreateCollectionAsync(name, TestPoints.DenseSchema(3, Distance.Cosine), Cancel));

        Assert.Equal(VectorStoreErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("255 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_point_round_trips_with_its_payload_types_intact()
    {
        var name = await CreateAsync(TestPoints.HybridSchema(3, Distance.Dot));
        var payload = TestPoints.Payload(
            ("int", 42L),
            ("negative", -7L),
            ("double", 1.0),
            ("fraction", 0.25),
            ("text", "héllo \"world\""),
            ("flag", true),
            ("nothing", PayloadValue.Null),
            ("empty_object", TestPoints.Object()),
            ("empty_array", TestPoints.Array()),
            ("nested", TestPoints.Object(("group", "a"), ("depth", TestPoints.Object(("level", 2L))))),
            ("mixed", TestPoints.Array(1L, 2.5, "x", false, PayloadValue.Null, TestPoints.Array(3L))));
        var id = PointId.FromUuid(Guid.Parse("6f1a9c3e-0b7d-4e2a-9c1f-2d3e4f5a6b7c"));
        var point = new VectorPoint
        {
            Id = id,
            Dense = new Dictionary<string, float[]> { ["dense"] = [0.5f, -1.5f, 2f] },
            Sparse = new Dictionary<string, SparseVector> { ["sparse"] = new([3, 9], [0.5f, 0.25f]) },
            Payload = payload,
        };

        await Store.UpsertAsync(name, [point], Cancel);
        var stored = Assert.Single(await Store.GetAsync(name, [id], cancellationToken: Cancel));

        Assert.Equal(point, stored);
        Assert.Equal(PayloadKind.Double, stored.Payload["double"].Kind);
        Assert.Equal(PayloadKind.Integer, stored.Payload["int"].Kind);
        Assert.Equal("6f1a9c3e-0b7d-4e2a-9c1f-2d3e4f5a6b7c", stored.Id.ToString());
    }

    [Fact]
    public async Task A_uuid_given_without_dashes_comes_back_in_canonical_form()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(2, Distance.Dot));
        var id = PointId.Parse("6F1A9C3E0B7D4E2A9C1F2D3E4F5A6B7C");

        await Store.UpsertAsync(name, [TestPoints.Dense(id, "dense", [1, 2])], Cancel);
        var page = await Store.ScrollAsync(name, new ScrollRequest(), Cancel);

        Assert.Equal("6f1a9c3e-0b7d-4e2a-9c1f-2d3e4f5a6b7c", Assert.Single(page.Points).Id.ToString());
    }

    [Fact]
    public async Task Cosine_vectors_are_stored_normalized_and_euclid_vectors_as_sent()
    {
        var schema = new CollectionSchema
        {
            Dense = [new DenseVectorConfig("cos", 2, Distance.Cosine), new DenseVectorConfig("euc", 2, Distance.Euclid)],
        };
        var name = await CreateAsync(schema);
        var point = new VectorPoint
        {
            Id = 1,
            Dense = new Dictionary<string, float[]> { ["cos"] = [3, 4], ["euc"] = [3, 4] },
        };

        await Store.UpsertAsync(name, [point], Cancel);
        var stored = Assert.Single(await Store.GetAsync(name, [PointId.FromNumber(1)], cancellationToken: Cancel));

        Assert.Equal(0.6f, stored.Dense["cos"][0], tolerance: 1e-5f);
        Assert.Equal(0.8f, stored.Dense["cos"][1], tolerance: 1e-5f);
        Assert.Equal([3f, 4f], stored.Dense["euc"]);
    }

    [Fact]
    public async Task Sparse_vectors_come_back_with_indices_in_ascending_order()
    {
        var name = await CreateAsync(new CollectionSchema { Sparse = [new SparseVectorConfig("sparse")] });

        await Store.UpsertAsync(name, [TestPoints.Sparse(7, "sparse", [30, 2, 17], [0.3f, 0.2f, 0.17f])], Cancel);
        var stored = Assert.Single(await Store.GetAsync(name, [PointId.FromNumber(7)], cancellationToken: Cancel));

        Assert.Equal([2u, 17u, 30u], stored.Sparse["sparse"].Indices);
        Assert.Equal([0.2f, 0.17f, 0.3f], stored.Sparse["sparse"].Values);
    }

    [Fact]
    public async Task Upserting_an_existing_id_replaces_the_whole_point()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(2, Distance.Dot));
        await Store.UpsertAsync(name, [TestPoints.Dense(5, "dense", [1, 1], TestPoints.Payload(("a", 1L), ("b", 2L)))], Cancel);

        await Store.UpsertAsync(name, [TestPoints.Dense(5, "dense", [2, 2], TestPoints.Payload(("c", 3L)))], Cancel);

        var stored = Assert.Single(await Store.GetAsync(name, [PointId.FromNumber(5)], cancellationToken: Cancel));
        Assert.Equal([2f, 2f], stored.Dense["dense"]);
        Assert.Equal(["c"], stored.Payload.Keys);
        Assert.Equal(1, await Store.CountAsync(name, cancellationToken: Cancel));
    }

    [Fact]
    public async Task Deleting_removes_points_and_absent_ids_are_not_an_error()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(2, Distance.Dot));
        await Store.UpsertAsync(name, [TestPoints.Dense(1, "dense", [1, 0]), TestPoints.Dense(2, "dense", [0, 1])], Cancel);

        await Store.DeleteAsync(name, [PointId.FromNumber(1), PointId.FromNumber(999), PointId.FromUuid(Guid.NewGuid())], Cancel);

        Assert.Equal(1, await Store.CountAsync(name, cancellationToken: Cancel));
        var remaining = await Store.GetAsync(name, [PointId.FromNumber(1), PointId.FromNumber(2)], cancellationToken: Cancel);
        Assert.Equal([PointId.FromNumber(2)], remaining.Select(p => p.Id));
    }

    [Fact]
    public async Task Get_returns_only_the_points_that_exist_and_honours_the_payload_and_vector_flags()
    {
        var name = await CreateAsync(TestPoints.DenseSchema(2, Distance.Dot));
        await Store.UpsertAsync(name, [TestPoints.Dense(1, "dense", [1, 0], TestPoints.Payload(("k", "v")))], Cancel);

        var bare = Assert.Single(await Store.GetAsync(
            name, [PointId.FromNumber(1), PointId.FromNumber(2)], withPayload: false, withVectors: false, Cancel));

        Assert.Empty(bare.Payload);
        Assert.Empty(bare.Dense);
    }
}
