using System.Diagnostics;
using Grpc.Core;
using OrleansFailover.QdrantTestServer.Storage;
using Qdrant.Client.Grpc;

namespace OrleansFailover.QdrantTestServer.Services;

/// <summary>qdrant.Collections: create, get, list, delete, exists.</summary>
public sealed class CollectionsService(ServerStorage storage)
{
    private const ulong MaxDimensions = 65_536;

    public Task<CollectionOperationResponse> Create(CreateCollection request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        CollectionNameRules.EnsureValid(request.CollectionName);
        var config = ReadConfig(request);
        if (!storage.Collections.TryAdd(request.CollectionName, new ServerCollection(request.CollectionName, config)))
        {
            throw QdrantErrors.CollectionExists(request.CollectionName);
        }

        return Task.FromResult(new CollectionOperationResponse { Result = true, Time = Elapsed(started) });
    }

    public Task<GetCollectionInfoResponse> Get(GetCollectionInfoRequest request, ServerCallContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var collection = Find(request.CollectionName);
        ulong count;
        lock (collection.Gate)
        {
            count = (ulong)collection.Count;
        }

        var parameters = new CollectionParams
        {
            ShardNumber = 1,
            ReplicationFactor = 1,
            WriteConsistencyFactor = 1,
            VectorsConfig = RenderVectorsConfig(collection.Config),
        };
        if (collection.Config.Sparse.Count > 0)
        {
            parameters.SparseVectorsConfig = new SparseVectorConfig();
            foreach (var name in collection.Config.Sparse)
            {
                parameters.SparseVectorsConfig.Map.Add(name, new SparseVectorParams());
            }
        }

        var info = new CollectionInfo
        {
            Status = CollectionStatus.Green,
            OptimizerStatus = new OptimizerStatus { Ok = true },
            SegmentsCount = 1,
            PointsCount = count,
            IndexedVectorsCount = 0,
            Config = new CollectionConfig
            {
                Params = parameters,
                HnswConfig = new HnswConfigDiff { M = 16, EfConstruct = 100, FullScanThreshold = 10_000 },
                OptimizerConfig = new OptimizersConfigDiff(),
                WalConfig = new WalConfigDiff { WalCapacityMb = 32, WalSegmentsAhead = 0 },
            },
        };
        return Task.FromResult(new GetCollectionInfoResponse { Result = info, Time = Elapsed(started) });
    }

    public Task<ListCollectionsResponse> List(ListCollectionsRequest request, ServerCallContext context)
    {
        var response = new ListCollectionsResponse();
        response.Collections.AddRange(storage.Collections.Keys.Select(name => new CollectionDescription { Name = name }));
        return Task.FromResult(response);
    }

    public Task<CollectionOperationResponse> Delete(DeleteCollection request, ServerCallContext context)
    {
        CollectionNameRules.EnsureValid(request.CollectionName);
        // Qdrant deletes idempotently: a missing collection answers false, not an error.
        var removed = storage.Collections.TryRemove(request.CollectionName, out _);
        return Task.FromResult(new CollectionOperationResponse { Result = removed });
    }

    public Task<CollectionExistsResponse> CollectionExists(CollectionExistsRequest request, ServerCallContext context)
    {
        CollectionNameRules.EnsureValid(request.CollectionName);
        return Task.FromResult(new CollectionExistsResponse
        {
            Result = new CollectionExists { Exists = storage.Collections.ContainsKey(request.CollectionName) },
        });
    }

    private ServerCollection Find(string name)
    {
        CollectionNameRules.EnsureValid(name);
        return storage.Collections.TryGetValue(name, out var collection)
            ? collection
            : throw QdrantErrors.CollectionNotFound(name);
    }

    private static CollectionLayout ReadConfig(CreateCollection request)
    {
        var dense = new Dictionary<string, VectorParams>(StringComparer.Ordinal);
        switch (request.VectorsConfig?.ConfigCase)
        {
            case VectorsConfig.ConfigOneofCase.Params:
                dense[string.Empty] = CheckParams("vectors_config", request.VectorsConfig.Params);
                break;
            case VectorsConfig.ConfigOneofCase.ParamsMap:
                foreach (var (name, parameters) in request.VectorsConfig.ParamsMap.Map)
                {
                    dense[name] = CheckParams($"vectors_config.{name}", parameters);
                }

                break;
        }

        var sparse = request.SparseVectorsConfig?.Map.Keys.ToList() ?? [];
        foreach (var name in sparse.Where(dense.ContainsKey))
        {
            throw QdrantErrors.WrongInput($"Vector name {name} is used by both a dense and a sparse vector");
        }

        return new CollectionLayout { Dense = dense, Sparse = sparse };
    }

    private static VectorParams CheckParams(string path, VectorParams parameters)
    {
        if (parameters.Size is < 1 or > MaxDimensions)
        {
            throw QdrantErrors.Validation($"{path}.size: value {parameters.Size} invalid, must be from 1 to {MaxDimensions}");
        }

        if (parameters.Distance is not (Distance.Cosine or Distance.Dot or Distance.Euclid or Distance.Manhattan))
        {
            throw QdrantErrors.WrongInput($"{path}: unknown distance {parameters.Distance}");
        }

        return parameters.Clone();
    }

    private static VectorsConfig RenderVectorsConfig(CollectionLayout config)
    {
        if (config.HasUnnamedVector)
        {
            return new VectorsConfig { Params = config.Dense[string.Empty] };
        }

        var map = new VectorParamsMap();
        foreach (var (name, parameters) in config.Dense)
        {
            map.Map.Add(name, parameters);
        }
        return new VectorsConfig { ParamsMap = map };
    }

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalSeconds;
}
