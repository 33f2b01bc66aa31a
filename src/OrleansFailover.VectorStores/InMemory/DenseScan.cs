using OrleansFailover.Contracts;
using OrleansFailover.VectorStores.Search;

namespace OrleansFailover.VectorStores.InMemory;

/// <summary>
/// Exact top-k over one dense column, on every core for large collections. For cosine, dot and euclid on
/// CPUs with AVX2 it first scans the int8 codes for score intervals and scores exactly only the points that
/// can still make the top k; otherwise it scores every point exactly. Both give the same results.
/// </summary>
internal sealed class DenseScan(
    DenseVectorColumn column,
    QuantizedVectors? quantized,
    DenseVectorConfig config,
    Func<int, bool> eligible,
    Func<int, PointId> idOf)
{
    // Below this many floats to scan, a query runs on the calling thread; above it, on every core.
    private const long ParallelScanThreshold = 1L << 20;

    // Below this many slots the interval pre-scan does not pay for itself.
    private const int BoundedScanThreshold = 2048;

    private readonly ScoreOrder _order = ScoreOrders.For(config.Distance);

    public TopK.Candidate[] Search(float[] query, int limit, float? threshold, int slotCount)
    {
        var partitions = (long)slotCount * config.Size >= ParallelScanThreshold ? Environment.ProcessorCount : 1;
        var bounded = quantized is not null && Int8Dot.IsAccelerated && slotCount >= BoundedScanThreshold &&
                      config.Distance is Distance.Cosine or Distance.Dot or Distance.Euclid;
        return bounded
            ? BoundedSearch(query, limit, threshold, slotCount, partitions)
            : ExactSearch(query, limit, threshold, slotCount, partitions);
    }

    internal TopK.Candidate[] ExactSearch(float[] query, int limit, float? threshold, int slotCount, int partitions)
    {
        var partials = new TopK[partitions];
        RunPartitioned(slotCount, partitions, (partition, from, to) =>
        {
            var top = new TopK(limit, _order);
            var scratch = config.Distance == Distance.Manhattan ? new float[config.Size] : [];
            for (var slot = from; slot < to; slot++)
            {
                if (!column.Has(slot) || !eligible(slot))
                {
                    continue;
                }

                var score = VectorMath.Score(config.Distance, column.Get(slot), query, scratch);
                if (_order.PassesThreshold(score, threshold))
                {
                    top.Offer(score, idOf(slot), slot);
                }
            }

            partials[partition] = top;
        });

        var merged = new TopK(limit, _order);
        foreach (var partial in partials)
        {
            merged.Merge(partial);
        }

        return merged.ToSortedArray();
    }

    internal TopK.Candidate[] BoundedSearch(float[] query, int limit, float? threshold, int slotCount, int partitions)
    {
        var coded = quantized!.Quantize(query);
        var guaranteed = new TopK[partitions];
        var reachable = new List<(int Slot, float Best)>[partitions];
        RunPartitioned(slotCount, partitions, (partition, from, to) =>
        {
            // Pessimistic bounds: the k-th best of them is a score the final k-th result is certain to reach.
            var pessimistic = new TopK(limit, _order);
            var candidates = new List<(int, float)>();
            for (var slot = from; slot < to; slot++)
            {
                if (!column.Has(slot) || !eligible(slot))
                {
                    continue;
                }

                var (worst, best) = ScoreBounds(slot, coded);
                pessimistic.Offer(worst, default, slot);
                if (_order.PassesThreshold(best, threshold) && CanReach(best, pessimistic, limit))
                {
                    candidates.Add((slot, best));
                }
            }

            guaranteed[partition] = pessimistic;
            reachable[partition] = candidates;
        });

        var bar = new TopK(limit, _order);
        foreach (var partial in guaranteed)
        {
            bar.Merge(partial);
        }

        var exact = new TopK(limit, _order);
        var scratch = Array.Empty<float>();
        foreach (var candidates in reachable)
        {
            foreach (var (slot, best) in candidates)
            {
                if (!CanReach(best, bar, limit))
                {
                    continue;
                }

                var score = VectorMath.Score(config.Distance, column.Get(slot), query, scratch);
                if (_order.PassesThreshold(score, threshold))
                {
                    exact.Offer(score, idOf(slot), slot);
                }
            }
        }

        return exact.ToSortedArray();
    }

    /// <summary>(worst, best) scores the point can have: for a similarity (low, high), for a distance (high, low).</summary>
    private (float Worst, float Best) ScoreBounds(int slot, QuantizedQuery coded)
    {
        var (low, high) = quantized!.DotBounds(slot, coded);
        if (config.Distance != Distance.Euclid)
        {
            return (low, high);
        }

        // |q - v|^2 = |q|^2 + |v|^2 - 2 q.v: the largest dot gives the smallest distance.
        var squares = coded.SquaredNorm + quantized.SquaredNorm(slot);
        var nearest = MathF.Sqrt(MathF.Max(0, squares - (2 * high)));
        var farthest = MathF.Sqrt(MathF.Max(0, squares - (2 * low)));
        var margin = 1e-4f * MathF.Sqrt(squares);
        return (farthest + margin, MathF.Max(0, nearest - margin));
    }

    /// <summary>Whether a best possible score can still beat the k-th worst-case score kept so far.</summary>
    private bool CanReach(float best, TopK pessimistic, int limit)
    {
        if (pessimistic.Count < limit)
        {
            return true;
        }

        var bar = pessimistic.Worst;
        return _order == ScoreOrder.HigherIsBetter ? best >= bar : best <= bar;
    }

    private static void RunPartitioned(int slotCount, int partitions, Action<int, int, int> scan)
    {
        var size = (slotCount + partitions - 1) / Math.Max(partitions, 1);
        if (partitions == 1)
        {
            scan(0, 0, slotCount);
            return;
        }

        Parallel.For(0, partitions, partition =>
            scan(partition, partition * size, Math.Min(slotCount, (partition + 1) * size)));
    }
}
