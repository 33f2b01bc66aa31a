using OrleansFailover.Contracts;
using QdrantGrpc = global::Qdrant.Client.Grpc;

namespace OrleansFailover.VectorStores.Qdrant;

/// <summary>Builds the Query API request for a search: nearest dense, nearest sparse, or RRF over both.</summary>
internal static class QdrantQueryBuilder
{
    public static QdrantGrpc.QueryPoints Build(string collection, SearchRequest request, bool exact)
    {
        var query = request.Query;
        var filter = QdrantRequestMapper.ToGrpc(request.Filter);
        var result = new QdrantGrpc.QueryPoints
        {
            CollectionName = collection,
            Limit = (ulong)request.Limit,
            WithPayload = new QdrantGrpc.WithPayloadSelector { Enable = request.WithPayload },
            WithVectors = new QdrantGrpc.WithVectorsSelector { Enable = request.WithVectors },
            Filter = filter,
        };

        if (exact)
        {
            result.Params = new QdrantGrpc.SearchParams { Exact = true };
        }

        if (request.ScoreThreshold is { } threshold)
        {
            result.ScoreThreshold = threshold;
        }

        switch (query.Kind)
        {
            case VectorQueryKind.Dense:
                result.Query = new QdrantGrpc.Query { Nearest = QdrantRequestMapper.ToGrpcInput(query.DenseVector!) };
                SetUsing(name => result.Using = name, query.DenseName);
                break;
            case VectorQueryKind.Sparse:
                result.Query = new QdrantGrpc.Query { Nearest = QdrantRequestMapper.ToGrpcInput(query.SparseVector!) };
                SetUsing(name => result.Using = name, query.SparseName);
                break;
            default:
                var candidates = (ulong)(query.CandidateLimit > 0 ? query.CandidateLimit : request.Limit);
                result.Prefetch.Add(Prefetch(QdrantRequestMapper.ToGrpcInput(query.DenseVector!), query.DenseName, candidates, filter, exact));
                result.Prefetch.Add(Prefetch(QdrantRequestMapper.ToGrpcInput(query.SparseVector!), query.SparseName, candidates, filter, exact));
                result.Query = new QdrantGrpc.Query { Fusion = QdrantGrpc.Fusion.Rrf };
                break;
        }

        return result;
    }

    private static QdrantGrpc.PrefetchQuery Prefetch(QdrantGrpc.VectorInput input, string vectorName, ulong limit, QdrantGrpc.Filter? filter, bool exact)
    {
        var prefetch = new QdrantGrpc.PrefetchQuery
        {
            Query = new QdrantGrpc.Query { Nearest = input },
            Limit = limit,
            Filter = filter,
        };
        if (exact)
        {
            prefetch.Params = new QdrantGrpc.SearchParams { Exact = true };
        }

        SetUsing(name => prefetch.Using = name, vectorName);
        return prefetch;
    }

    private static void SetUsing(Action<string> set, string vectorName)
    {
        // The unnamed default vector is addressed by leaving `using` out.
        if (vectorName.Length > 0)
        {
            set(vectorName);
        }
    }
}
