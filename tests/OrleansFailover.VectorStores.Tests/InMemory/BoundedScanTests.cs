using OrleansFailover.Contracts;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.VectorStores.Tests.InMemory;

/// <summary>
/// The int8 pre-scan only decides which points to score exactly, so it must return exactly what a full
/// exact scan returns: same ids, same scores to the bit, in the same order.
/// </summary>
public sealed class BoundedScanTests
{
    public static TheoryData<Distance, int, float?, bool> Cases => new()
    {
        { Distance.Cosine, 10, null, false },
        { Distance.Cosine, 1, null, false },
        { Distance.Cosine, 100, 0.1f, false },
        { Distance.Dot, 10, null, false },
        { Distance.Dot, 25, 2f, true },
        { Distance.Euclid, 10, null, false },
        { Distance.Euclid, 50, 9f, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_bounded_scan_returns_exactly_what_the_exact_scan_returns(Distance distance, int limit, float? threshold, bool filtered)
    {
        Assert.SkipUnless(Int8Dot.IsAccelerated, "The int8 pre-scan needs AVX2.");
        var random = new Random((int)distance * 100 + limit);
        var (column, quantized, count) = Load(random, distance, count: 5000, dimensions: 96);
        var config = new DenseVectorConfig("dense", 96, distance);
        Func<int, bool> eligible = filtered ? slot => slot % 3 != 0 : _ => true;
        var scan = new DenseScan(column, quantized, config, eligible, slot => PointId.FromNumber((ulong)slot));

        for (var q = 0; q < 20; q++)
        {
            var query = Query(random, distance, 96);
            var exact = scan.ExactSearch(query, limit, threshold, count, partitions: 2);
            var bounded = scan.BoundedSearch(query, limit, threshold, count, partitions: 2);

            Assert.Equal(exact.Select(c => (c.Id, c.Score)), bounded.Select(c => (c.Id, c.Score)));
        }
    }

    [Fact]
    public void Many_identical_vectors_still_give_the_exact_ties_in_id_order()
    {
        Assert.SkipUnless(Int8Dot.IsAccelerated, "The int8 pre-scan needs AVX2.");
        var column = new DenseVectorColumn(32);
        var quantized = new QuantizedVectors(32);
        var random = new Random(7);
        var shared = Workload.RandomDense(random, 32);
        for (var slot = 0; slot < 3000; slot++)
        {
            var vector = slot % 2 == 0 ? shared : Workload.RandomDense(random, 32);
            vector.CopyTo(column.Set(slot));
            quantized.Set(slot, vector);
        }

        var scan = new DenseScan(column, quantized, new DenseVectorConfig("dense", 32, Distance.Dot), _ => true,
            slot => PointId.FromNumber((ulong)slot));

        var exact = scan.ExactSearch(shared, 10, null, 3000, 1);
        var bounded = scan.BoundedSearch(shared, 10, null, 3000, 1);

        Assert.Equal(exact.Select(c => (c.Id, c.Score)), bounded.Select(c => (c.Id, c.Score)));
    }

    private static (DenseVectorColumn Column, QuantizedVectors Quantized, int Count) Load(
        Random random, Distance distance, int count, int dimensions)
    {
        var column = new DenseVectorColumn(dimensions);
        var quantized = new QuantizedVectors(dimensions);
        for (var slot = 0; slot < count; slot++)
        {
            var vector = Workload.RandomDense(random, dimensions);
            // Magnitudes that differ by orders, so the per-vector scales matter.
            var magnitude = distance == Distance.Cosine ? 1f : (float)Math.Pow(10, random.NextDouble() * 2 - 1);
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] *= magnitude;
            }

            if (distance == Distance.Cosine)
            {
                var norm = MathF.Sqrt(vector.Sum(x => x * x));
                for (var i = 0; i < vector.Length; i++)
                {
                    vector[i] /= norm;
                }
            }

            vector.CopyTo(column.Set(slot));
            quantized.Set(slot, vector);
        }

        return (column, quantized, count);
    }

    private static float[] Query(Random random, Distance distance, int dimensions)
    {
        var query = Workload.RandomDense(random, dimensions);
        if (distance == Distance.Cosine)
        {
            var norm = MathF.Sqrt(query.Sum(x => x * x));
            return query.Select(x => x / norm).ToArray();
        }

        return query;
    }
}
