using OrleansFailover.Contracts;

namespace OrleansFailover.Testing;

/// <summary>Short ways to write points in tests.</summary>
public static class TestPoints
{
    public static VectorPoint Dense(PointId id, string vectorName, float[] vector, IReadOnlyDictionary<string, PayloadValue>? payload = null) =>
        new()
        {
            Id = id,
            Dense = new Dictionary<string, float[]>(StringComparer.Ordinal) { [vectorName] = vector },
            Payload = payload ?? Payloads.Empty,
        };

    public static VectorPoint Sparse(PointId id, string vectorName, uint[] indices, float[] values) =>
        new()
        {
            Id = id,
            Sparse = new Dictionary<string, SparseVector>(StringComparer.Ordinal) { [vectorName] = new SparseVector(indices, values) },
        };

    public static VectorPoint Hybrid(PointId id, float[] dense, SparseVector sparse, IReadOnlyDictionary<string, PayloadValue>? payload = null) =>
        new()
        {
            Id = id,
            Dense = new Dictionary<string, float[]>(StringComparer.Ordinal) { ["dense"] = dense },
            Sparse = new Dictionary<string, SparseVector>(StringComparer.Ordinal) { ["sparse"] = sparse },
            Payload = payload ?? Payloads.Empty,
        };

    public static Dictionary<string, PayloadValue> Payload(params (string Key, PayloadValue Value)[] fields) =>
        fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    public static PayloadValue Object(params (string Key, PayloadValue Value)[] fields) =>
        PayloadValue.FromObject(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    public static PayloadValue Array(params PayloadValue[] items) => PayloadValue.FromArray(items);

    public static CollectionSchema DenseSchema(int size, Distance distance, string name = "dense") =>
        new() { Dense = [new DenseVectorConfig(name, size, distance)] };

    public static CollectionSchema HybridSchema(int size, Distance distance = Distance.Cosine) => new()
    {
        Dense = [new DenseVectorConfig("dense", size, distance)],
        Sparse = [new SparseVectorConfig("sparse")],
    };
}
