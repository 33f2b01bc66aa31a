using Google.Protobuf.Collections;
using Grpc.Core;
using OrleansFailover.QdrantTestServer.Storage;
using Qdrant.Client.Grpc;

namespace OrleansFailover.QdrantTestServer.Engine;

/// <summary>
/// Qdrant's universal query: prefetches run first (each with the outer filter as well as its own),
/// then the query runs over their results: a fusion combines them, a nearest query re-scores them.
/// </summary>
public static class QueryPipeline
{
    public static List<Hit> Run(
        ServerCollection collection,
        RepeatedField<PrefetchQuery> prefetches,
        Query? query,
        string vectorName,
        Filter? filter,
        float? threshold,
        int limit,
        int offset)
    {
        Func<StoredPoint, bool> matches = p => FilterMatcher.Matches(filter, p);
        if (prefetches.Count == 0)
        {
            if (query?.VariantCase != Query.VariantOneofCase.Nearest)
            {
                throw Unsupported(query);
            }

            return SearchEngine.Nearest(
                collection, SearchEngine.FromInput(query.Nearest, vectorName), matches, threshold, limit, offset);
        }

        var candidates = prefetches
            .Select(prefetch => Run(
                collection,
                prefetch.Prefetch,
                prefetch.Query,
                prefetch.Using ?? string.Empty,
                Both(filter, prefetch.Filter),
                prefetch.HasScoreThreshold ? prefetch.ScoreThreshold : null,
                prefetch.HasLimit ? (int)prefetch.Limit : SearchEngine.DefaultLimit,
                0))
            .ToList();

        switch (query?.VariantCase)
        {
            case Query.VariantOneofCase.Fusion when query.Fusion == Fusion.Rrf:
                return SearchEngine.Fuse(candidates, SearchEngine.DefaultRrfK, threshold, limit, offset);
            case Query.VariantOneofCase.Rrf:
                var k = query.Rrf.HasK ? (int)query.Rrf.K : SearchEngine.DefaultRrfK;
                return SearchEngine.Fuse(candidates, k, threshold, limit, offset);
            case Query.VariantOneofCase.Nearest:
                var keys = candidates.SelectMany(list => list).Select(h => h.Point.Key).ToHashSet();
                return SearchEngine.Nearest(
                    collection, SearchEngine.FromInput(query.Nearest, vectorName),
                    p => keys.Contains(p.Key), threshold, limit, offset);
            default:
                throw Unsupported(query);
        }
    }

    private static Filter? Both(Filter? outer, Filter? inner)
    {
        if (outer is null || inner is null)
        {
            return outer ?? inner;
        }

        var both = new Filter();
        both.Must.Add(new Condition { Filter = outer });
        both.Must.Add(new Condition { Filter = inner });
        return both;
    }

    private static RpcException Unsupported(Query? query) => new(new Status(
        StatusCode.Unimplemented,
        $"The Qdrant test server does not implement {query?.VariantCase.ToString() ?? "an empty"} queries here."));
}
