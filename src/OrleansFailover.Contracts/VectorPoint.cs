namespace OrleansFailover.Contracts;

/// <summary>
/// A point: its id, its named dense and sparse vectors and its JSON payload. Between silos and clients it
/// travels in <see cref="Serialization.PointBinary"/> form (<see cref="Serialization.VectorPointCodec"/>).
/// </summary>
[Immutable]
public sealed record class VectorPoint
{
    public static readonly IReadOnlyDictionary<string, float[]> NoDense = new Dictionary<string, float[]>(StringComparer.Ordinal);
    public static readonly IReadOnlyDictionary<string, SparseVector> NoSparse = new Dictionary<string, SparseVector>(StringComparer.Ordinal);

    public required PointId Id { get; init; }

    /// <summary>Dense vectors by name; the empty name is Qdrant's unnamed default vector.</summary>
    public IReadOnlyDictionary<string, float[]> Dense { get; init; } = NoDense;

    public IReadOnlyDictionary<string, SparseVector> Sparse { get; init; } = NoSparse;

    public IReadOnlyDictionary<string, PayloadValue> Payload { get; init; } = Payloads.Empty;

    public bool Equals(VectorPoint? other)
    {
        if (other is null || other.Id != Id || other.Dense.Count != Dense.Count || other.Sparse.Count != Sparse.Count)
        {
            return false;
        }

        foreach (var (name, vector) in Dense)
        {
            if (!other.Dense.TryGetValue(name, out var otherVector) || !vector.AsSpan().SequenceEqual(otherVector))
            {
                return false;
            }
        }

        foreach (var (name, vector) in Sparse)
        {
            if (!other.Sparse.TryGetValue(name, out var otherVector) || !vector.Equals(otherVector))
            {
                return false;
            }
        }

        return Payloads.AreEqual(Payload, other.Payload);
    }

    public override int GetHashCode() => Id.GetHashCode();
}
