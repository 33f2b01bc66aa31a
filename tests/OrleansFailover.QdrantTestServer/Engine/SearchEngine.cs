using Google.Protobuf.Collections;
using OrleansFailover.QdrantTestServer.Services;
using OrleansFailover.QdrantTestServer.Storage;
using Qdrant.Client.Grpc;

namespace OrleansFailover.QdrantTestServer.Engine;

/// <summary>Exact nearest-neighbour search and Qdrant's query pipeline (prefetch, fusion).</summary>
public static class SearchEngine
{
    public const int DefaultLimit = 10;
    public const int DefaultRrfK = 2;

    public static List<Hit> Nearest(
        ServerCollection collection,
        NearestQuery query,
        Func<StoredPoint, bool> include,
        float? threshold,
        int limit,
        int offset)
    {
        var hits = new List<Hit>();
        bool higherIsBetter;
        lock (collection.Gate)
        {
            if (query.IsSparse)
            {
                if (!collection.Config.Sparse.Contains(query.VectorName))
                {
                    throw QdrantErrors.WrongInput($"Not existing vector name error: {query.VectorName}");
                }

                higherIsBetter = true;
                foreach (var point in collection.Points)
                {
                    if (point.Sparse.TryGetValue(query.VectorName, out var stored) && include(point) &&
                        Scoring.Sparse(stored, query.SparseIndices!, query.SparseValues!) is { } score)
                    {
                        hits.Add(new Hit(point, score));
                    }
                }
            }
            else
            {
                if (!collection.Config.Dense.TryGetValue(query.VectorName, out var parameters))
                {
                    throw QdrantErrors.WrongInput($"Not existing vector name error: {query.VectorName}");
                }

                if ((ulong)query.Dense!.Length != parameters.Size)
                {
                    throw QdrantErrors.WrongInput(
                        $"Vector dimension error: expected dim: {parameters.Size}, got {query.Dense.Length}");
                }

                var vector = parameters.Distance == Distance.Cosine ? Scoring.Normalized(query.Dense) : query.Dense;
                higherIsBetter = Scoring.HigherIsBetter(parameters.Distance);
                foreach (var point in collection.Points)
                {
                    if (point.Dense.TryGetValue(query.VectorName, out var stored) && include(point))
                    {
                        hits.Add(new Hit(point, Scoring.Dense(parameters.Distance, stored, vector)));
                    }
                }
            }
        }

        return Rank(hits, higherIsBetter, threshold, limit, offset);
    }

    /// <summary>Reciprocal rank fusion: 1 / (position + k) summed over the lists, position 0-based.</summary>
    public static List<Hit> Fuse(IReadOnlyList<List<Hit>> lists, int k, float? threshold, int limit, int offset)
    {
        var fused = new Dictionary<PointKey, Hit>();
        foreach (var list in lists)
        {
            for (var position = 0; position < list.Count; position++)
            {
                var point = list[position].Point;
                var gain = 1f / (position + k);
                fused[point.Key] = fused.TryGetValue(point.Key, out var existing)
                    ? existing with { Score = existing.Score + gain }
                    : new Hit(point, gain);
            }
        }

        return Rank(fused.Values.ToList(), higherIsBetter: true, threshold, limit, offset);
    }

    public static NearestQuery FromInput(VectorInput input, string vectorName) => input.VariantCase switch
    {
        VectorInput.VariantOneofCase.Dense => new NearestQuery(vectorName, input.Dense.Data.ToArray(), null, null),
        VectorInput.VariantOneofCase.Sparse => SparseQuery(vectorName, input.Sparse.Indices, input.Sparse.Values),
        _ => throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unimplemented,
            $"The Qdrant test server does not implement {input.VariantCase} query inputs.")),
    };

    public static NearestQuery SparseQuery(string vectorName, RepeatedField<uint> indices, RepeatedField<float> values)
    {
        if (indices.Count != values.Count)
        {
            throw QdrantErrors.Validation("query.sparse: indices and values must be the same length");
        }

        return new NearestQuery(vectorName, null, indices.ToArray(), values.ToArray());
    }

    private static List<Hit> Rank(List<Hit> hits, bool higherIsBetter, float? threshold, int limit, int offset)
    {
        // score_threshold is strict: a similarity must be above it, a distance below it.
        var kept = threshold is { } limitScore
            ? hits.Where(h => higherIsBetter ? h.Score > limitScore : h.Score < limitScore)
            : hits;
        var ordered = higherIsBetter
            ? kept.OrderByDescending(h => h.Score).ThenBy(h => h.Point.Key)
            : kept.OrderBy(h => h.Score).ThenBy(h => h.Point.Key);
        return ordered.Skip(offset).Take(limit).ToList();
    }
}
