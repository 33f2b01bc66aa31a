using System.Diagnostics;
using global::Grpc.Core;
using global::Grpc.Net.Client;
using global::Qdrant.Client;
using OrleansFailover.Contracts;
using OrleansFailover.VectorStores.Validation;
using QdrantGrpc = global::Qdrant.Client.Grpc;

namespace OrleansFailover.VectorStores.Qdrant;

/// <summary>
/// The primary store: Qdrant over gRPC through Qdrant.Client. Every call's outcome goes to the
/// <see cref="IStoreCallObserver"/>; failures are translated, reported and rethrown, never swallowed.
/// </summary>
public sealed class QdrantVectorStore : IVectorStore, IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly QdrantGrpc.QdrantGrpcClient _grpc;
    private readonly QdrantClient _client;
    private readonly QdrantStoreOptions _options;
    private readonly IStoreCallObserver? _observer;

    public QdrantVectorStore(QdrantStoreOptions options, IStoreCallObserver? observer = null)
    {
        _options = options;
        _observer = observer;
        _channel = CreateChannel(options);
        _grpc = new QdrantGrpc.QdrantGrpcClient(_channel);
        _client = new QdrantClient(_grpc, options.CallTimeout);
    }

    public Uri Endpoint => _options.Endpoint;

    public Task CreateCollectionAsync(string collection, CollectionSchema schema, CancellationToken cancellationToken = default)
    {
        CollectionNames.EnsureValid(collection);
        RequestChecks.EnsureSchema(collection, schema);
        return RunAsync("create collection", collection, async () =>
        {
            await _client.CreateCollectionAsync(QdrantRequestMapper.ToGrpcCreate(collection, schema), cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<bool> CollectionExistsAsync(string collection, CancellationToken cancellationToken = default)
    {
        CollectionNames.EnsureValid(collection);
        return RunAsync("collection exists", collection,
            () => _client.CollectionExistsAsync(collection, cancellationToken), cancellationToken);
    }

    public Task<CollectionInfo> GetCollectionAsync(string collection, CancellationToken cancellationToken = default)
    {
        CollectionNames.EnsureValid(collection);
        return RunAsync("get collection", collection, async () =>
        {
            var info = await _client.GetCollectionInfoAsync(collection, cancellationToken);
            // Qdrant's points_count is approximate; a backup is checked against the exact count.
            var count = await _client.CountAsync(collection, exact: true, cancellationToken: cancellationToken);
            return new CollectionInfo(collection, QdrantResponseMapper.FromGrpc(info.Config.Params), (long)count);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<string>>("list collections", null, async () =>
        {
            var names = await _client.ListCollectionsAsync(cancellationToken);
            return names.Order(StringComparer.Ordinal).ToArray();
        }, cancellationToken);

    public Task<bool> DeleteCollectionAsync(string collection, CancellationToken cancellationToken = default)
    {
        CollectionNames.EnsureValid(collection);
        return RunAsync("delete collection", collection, async () =>
        {
            // Qdrant answers false, not an error, for a collection that is not there.
            var response = await _grpc.Collections.DeleteAsync(
                new QdrantGrpc.DeleteCollection { CollectionName = collection },
                deadline: Deadline(_options.CallTimeout),
                cancellationToken: cancellationToken);
            return response.Result;
        }, cancellationToken);
    }

    public Task UpsertAsync(string collection, IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default)
    {
        CollectionNames.EnsureValid(collection);
        PointValidator.EnsureSchemaFreeValid(
            collection, points ?? throw VectorStoreException.InvalidArgument("The batch of points is missing."));
        if (points.Count == 0)
        {
            return Task.CompletedTask;
        }

        var grpcPoints = points.Select(QdrantRequestMapper.ToGrpc).ToList();
        return RunAsync("upsert", collection, async () =>
        {
            await _client.UpsertAsync(collection, grpcPoints, wait: true, cancellationToken: cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task DeleteAsync(string collection, IReadOnlyList<PointId> ids, CancellationToken cancellationToken = default)
    {
        CollectionNames.EnsureValid(collection);
        if ((ids ?? throw VectorStoreException.InvalidArgument("The list of ids is missing.")).Count == 0)
        {
            return Task.CompletedTask;
        }

        var grpcIds = ids.Select(QdrantRequestMapper.ToGrpc).ToList();
        return RunAsync("delete points", collection, async () =>
        {
            await _client.DeleteAsync(collection, grpcIds, wait: true, cancellationToken: cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<VectorPoint>> GetAsync(
        string collection,
        IReadOnlyList<PointId> ids,
        bool withPayload = true,
        bool withVectors = true,
        CancellationToken cancellationToken = default)
    {
        CollectionNames.EnsureValid(collection);
        var grpcIds = (ids ?? throw VectorStoreException.InvalidArgument("The list of ids is missing."))
            .Distinct().Select(QdrantRequestMapper.ToGrpc).ToList();
        return RunAsync<IReadOnlyList<VectorPoint>>("get points", collection, async () =>
        {
            if (grpcIds.Count == 0)
            {
                await _client.CollectionExistsAsync(collection, cancellationToken);
                return [];
            }

            var points = await _client.RetrieveAsync(
                collection, grpcIds, withPayload, withVectors, cancellationToken: cancellationToken);
            return points
                .Select(p => QdrantResponseMapper.FromGrpc(p.Id, p.Payload, p.Vectors, withPayload, withVectors))
                .OrderBy(p => p.Id)
                .ToArray();
        }, cancellationToken);
    }

    public Task<long> CountAsync(string collection, PointFilter? filter = null, CancellationToken cancellationToken = default)
    {
        CollectionNames.EnsureValid(collection);
        var grpcFilter = QdrantRequestMapper.ToGrpc(filter);
        return RunAsync("count", collection, async () =>
            (long)await _client.CountAsync(collection, grpcFilter, exact: true, cancellationToken: cancellationToken),
            cancellationToken);
    }

    public Task<ScrollPage> ScrollAsync(string collection, ScrollRequest request, CancellationToken cancellationToken = default)
    {
        CollectionNames.EnsureValid(collection);
        RequestChecks.EnsureScroll(request);
        var grpcFilter = QdrantRequestMapper.ToGrpc(request.Filter);
        return RunAsync("scroll", collection, async () =>
        {
            var response = await _client.ScrollAsync(
                collection,
                grpcFilter,
                (uint)request.Limit,
                request.Offset is { } offset ? QdrantRequestMapper.ToGrpc(offset) : null,
                new QdrantGrpc.WithPayloadSelector { Enable = request.WithPayload },
                new QdrantGrpc.WithVectorsSelector { Enable = request.WithVectors },
                cancellationToken: cancellationToken);
            var points = new VectorPoint[response.Result.Count];
            for (var i = 0; i < points.Length; i++)
            {
                var p = response.Result[i];
                points[i] = QdrantResponseMapper.FromGrpc(p.Id, p.Payload, p.Vectors, request.WithPayload, request.WithVectors);
            }

            PointId? next = response.NextPageOffset is { } nextOffset ? QdrantResponseMapper.FromGrpc(nextOffset) : null;
            return new ScrollPage(points, next);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ScoredPoint>> SearchAsync(
        string collection, SearchRequest request, CancellationToken cancellationToken = default)
    {
        CollectionNames.EnsureValid(collection);
        RequestChecks.EnsureSearch(collection, request);
        var query = QdrantQueryBuilder.Build(collection, request, _options.ExactSearch);
        return RunAsync<IReadOnlyList<ScoredPoint>>("search", collection, async () =>
        {
            var response = await _grpc.Points.QueryAsync(
                query, deadline: Deadline(_options.CallTimeout), cancellationToken: cancellationToken);
            var withPoint = request.WithPayload || request.WithVectors;
            return response.Result
                .Select(p => new ScoredPoint(
                    QdrantResponseMapper.FromGrpc(p.Id),
                    p.Score,
                    withPoint
                        ? QdrantResponseMapper.FromGrpc(p.Id, p.Payload, p.Vectors, request.WithPayload, request.WithVectors)
                        : null))
                .ToArray();
        }, cancellationToken);
    }

    /// <summary>
    /// A health check on the shared connection. It waits for the connection (up to its deadline) instead of failing
    /// fast while the channel is backing off, so a Qdrant that has just come back is seen as healthy.
    /// </summary>
    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        HealthCheckOverAsync(_grpc, cancellationToken);

    /// <summary>
    /// A health check over a connection of its own. After an outage the shared channel may be waiting out its
    /// reconnect backoff; a probe that must tell whether Qdrant is back now should not wait for that.
    /// </summary>
    public async Task<StoreHealth> ProbeOnNewConnectionAsync(CancellationToken cancellationToken = default)
    {
        using var channel = CreateChannel(_options);
        return await HealthCheckOverAsync(new QdrantGrpc.QdrantGrpcClient(channel), cancellationToken);
    }

    public void Dispose()
    {
        _client.Dispose();
        _channel.Dispose();
    }

    private async Task<StoreHealth> HealthCheckOverAsync(QdrantGrpc.QdrantGrpcClient client, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var reply = await client.Qdrant.HealthCheckAsync(
                new QdrantGrpc.HealthCheckRequest(),
                new CallOptions(deadline: Deadline(_options.HealthCheckTimeout), cancellationToken: cancellationToken)
                    .WithWaitForReady());
            _observer?.OnSucceeded("health check", Stopwatch.GetElapsedTime(started));
            return new StoreHealth(true, $"{reply.Title} {reply.Version} at {_options.Endpoint}");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var error = QdrantErrorTranslator.Translate(exception, "health check", null);
            _observer?.OnFailed("health check", error);
            return new StoreHealth(false, error.Message);
        }
    }

    private static GrpcChannel CreateChannel(QdrantStoreOptions options)
    {
        var channelOptions = new GrpcChannelOptions
        {
            MaxReceiveMessageSize = options.MaxMessageBytes,
            MaxSendMessageSize = options.MaxMessageBytes,
            // Reconnect soon after Qdrant comes back: the backoff bounds how late a recovery is noticed.
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(200),
            MaxReconnectBackoff = TimeSpan.FromSeconds(1),
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            },
        };

        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            var apiKey = options.ApiKey;
            var credentials = CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("api-key", apiKey);
                return Task.CompletedTask;
            });
            channelOptions.Credentials = options.Endpoint.Scheme == Uri.UriSchemeHttps
                ? ChannelCredentials.Create(ChannelCredentials.SecureSsl, credentials)
                : ChannelCredentials.Create(ChannelCredentials.Insecure, credentials);
            channelOptions.UnsafeUseInsecureChannelCallCredentials = options.Endpoint.Scheme != Uri.UriSchemeHttps;
        }

        return GrpcChannel.ForAddress(options.Endpoint, channelOptions);
    }

    private static DateTime? Deadline(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan ? null : DateTime.UtcNow.Add(timeout);

    private async Task<T> RunAsync<T>(string operation, string? collection, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call();
            _observer?.OnSucceeded(operation, Stopwatch.GetElapsedTime(started));
            return result;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            var error = QdrantErrorTranslator.Translate(exception, operation, collection);
            _observer?.OnFailed(operation, error);
            throw error;
        }
    }
}
