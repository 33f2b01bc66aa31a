using OrleansFailover.Contracts;

namespace OrleansFailover.Grains.SyncBack;

/// <summary>
/// Whether two copies of a point hold the same content: payload exactly, vectors within a relative tolerance
/// (Qdrant and the in-memory store each normalise cosine vectors, and may round the last bit differently).
/// Null stands for "no such point".
/// </summary>
public static class PointContent
{
    private const float Tolerance = 1e-5f;

    public static bool Same(VectorPoint? left, VectorPoint? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }

        if (left.Id != right.Id || left.Dense.Count != right.Dense.Count || left.Sparse.Count != right.Sparse.Count ||
            !Payloads.AreEqual(left.Payload, right.Payload))
        {
            return false;
        }

        foreach (var (name, vector) in left.Dense)
        {
            if (!right.Dense.TryGetValue(name, out var other) || !Close(vector, other))
            {
                return false;
            }
        }

        foreach (var (name, vector) in left.Sparse)
        {
            if (!right.Sparse.TryGetValue(name, out var other) || !vector.Indices.AsSpan().SequenceEqual(other.Indices) ||
                !Close(vector.Values, other.Values))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Close(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            var scale = Math.Max(1f, Math.Max(Math.Abs(left[i]), Math.Abs(right[i])));
            if (Math.Abs(left[i] - right[i]) > Tolerance * scale)
            {
                return false;
            }
        }

        return true;
    }
}
