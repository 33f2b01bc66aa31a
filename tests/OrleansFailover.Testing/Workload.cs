using System.Globalization;
using OrleansFailover.Contracts;

namespace OrleansFailover.Testing;

/// <summary>
/// The benchmark workloads of BENCHMARKS.md, deterministic for a seed: a code-search collection with a
/// named dense vector "dense" (768 float32, cosine), a named sparse vector "sparse" (50 non-zeros)
/// and a payload of about 500 bytes (file path, lines, chunk text, hash, timestamps); UUID ids.
/// </summary>
public sealed class Workload
{
    public const string DenseName = "dense";
    public const string SparseName = "sparse";
    public const int SparseNonZeros = 50;
    public const int SparseVocabulary = 30_000;

    private static readonly string[] Words =
    [
        "public", "static", "async", "await", "return", "var", "class", "record", "interface", "namespace",
        "using", "string", "int", "task", "grain", "collection", "vector", "search", "backup", "failover",
        "circuit", "breaker", "reminder", "payload", "filter", "query", "point", "journal", "sync", "restore",
    ];

    public Workload(string name, int pointCount, int dimensions = 768, int seed = 42)
    {
        Name = name;
        PointCount = pointCount;
        Dimensions = dimensions;
        Seed = seed;
    }

    /// <summary>W1: one collection of 15,000 points.</summary>
    public static Workload W1 => new("W1", 15_000);

    /// <summary>W2: ten times W1.</summary>
    public static Workload W2 => new("W2", 150_000);

    /// <summary>W3: a million points, for the scale section.</summary>
    public static Workload W3 => new("W3", 1_000_000);

    public string Name { get; }

    public int PointCount { get; }

    public int Dimensions { get; }

    public int Seed { get; }

    public CollectionSchema Schema => new()
    {
        Dense = [new DenseVectorConfig(DenseName, Dimensions, Distance.Cosine)],
        Sparse = [new SparseVectorConfig(SparseName)],
    };

    /// <summary>The points, generated on demand in batches so that a big workload never sits in memory twice.</summary>
    public IEnumerable<IReadOnlyList<VectorPoint>> Batches(int batchSize)
    {
        var random = new Random(Seed);
        var batch = new List<VectorPoint>(batchSize);
        for (var i = 0; i < PointCount; i++)
        {
            batch.Add(NextPoint(random, i));
            if (batch.Count == batchSize)
            {
                yield return batch;
                batch = new List<VectorPoint>(batchSize);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    public IEnumerable<VectorPoint> Points() => Batches(1024).SelectMany(b => b);

    /// <summary>Query vectors from their own seeded streams (HashCode is randomized per process, so not that).</summary>
    public float[] QueryVector(int index) => RandomDense(new Random(unchecked((Seed * 1_000_003) + (index * 2) + 1)), Dimensions);

    public SparseVector QuerySparse(int index) => RandomSparse(new Random(unchecked((Seed * 1_000_003) + (index * 2) + 2)));

    public static float[] RandomDense(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            vector[d] = (float)((random.NextDouble() * 2) - 1);
        }

        return vector;
    }

    public static SparseVector RandomSparse(Random random, int nonZeros = SparseNonZeros, int vocabulary = SparseVocabulary)
    {
        var indices = new HashSet<uint>();
        while (indices.Count < nonZeros)
        {
            indices.Add((uint)random.Next(vocabulary));
        }

        var sorted = indices.Order().ToArray();
        return new SparseVector(sorted, sorted.Select(_ => (float)random.NextDouble()).ToArray());
    }

    private VectorPoint NextPoint(Random random, int index)
    {
        var idBytes = new byte[16];
        random.NextBytes(idBytes);
        var dense = RandomDense(random, Dimensions);
        var sparse = RandomSparse(random);
        var lineStart = random.Next(1, 5000);
        var text = string.Join(' ', Enumerable.Range(0, 55).Select(_ => Words[random.Next(Words.Length)]));
        var payload = new Dictionary<string, PayloadValue>(StringComparer.Ordinal)
        {
            ["file_path"] = $"src/project/module_{index % 97}/file_{index % 1013}.cs",
            ["line_start"] = lineStart,
            ["line_end"] = lineStart + random.Next(5, 60),
            ["chunk_text"] = text,
            ["content_hash"] = Convert.ToHexStringLower(idBytes) + Convert.ToHexStringLower(idBytes),
            ["indexed_at"] = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)
                .AddSeconds(index).ToString("O", CultureInfo.InvariantCulture),
            ["language"] = index % 3 == 0 ? "csharp" : index % 3 == 1 ? "python" : "rust",
            ["score_hint"] = Math.Round(random.NextDouble(), 3),
        };

        return new VectorPoint
        {
            Id = PointId.FromUuid(new Guid(idBytes)),
            Dense = new Dictionary<string, float[]>(StringComparer.Ordinal) { [DenseName] = dense },
            Sparse = new Dictionary<string, SparseVector>(StringComparer.Ordinal) { [SparseName] = sparse },
            Payload = payload,
        };
    }
}
