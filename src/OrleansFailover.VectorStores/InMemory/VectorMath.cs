using System.Numerics.Tensors;
using OrleansFailover.Contracts;

namespace OrleansFailover.VectorStores.InMemory;

/// <summary>Scores as Qdrant reports them, computed with SIMD.</summary>
internal static class VectorMath
{
    /// <summary>Scales to unit length as Qdrant does for cosine; a zero vector stays as it is.</summary>
    public static void NormalizeInPlace(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > float.Epsilon)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>
    /// Cosine (vectors already unit length) and Dot: the dot product. Euclid: the distance.
    /// Manhattan: the sum of absolute differences, using <paramref name="scratch"/> of the vector's length.
    /// </summary>
    public static float Score(Distance distance, ReadOnlySpan<float> stored, ReadOnlySpan<float> query, Span<float> scratch) =>
        distance switch
        {
            Distance.Cosine or Distance.Dot => TensorPrimitives.Dot(stored, query),
            Distance.Euclid => TensorPrimitives.Distance(stored, query),
            Distance.Manhattan => Manhattan(stored, query, scratch),
            _ => throw new ArgumentOutOfRangeException(nameof(distance), distance, "Unknown distance."),
        };

    /// <summary>Dot product over the indices both sorted sparse vectors share; null when they share none.</summary>
    public static float? SparseDot(ReadOnlySpan<uint> leftIndices, ReadOnlySpan<float> leftValues,
                                   ReadOnlySpan<uint> rightIndices, ReadOnlySpan<float> rightValues)
    {
        var sum = 0f;
        var shared = false;
        int i = 0, j = 0;
        while (i < leftIndices.Length && j < rightIndices.Length)
        {
            var left = leftIndices[i];
            var right = rightIndices[j];
            if (left == right)
            {
                sum += leftValues[i] * rightValues[j];
                shared = true;
                i++;
                j++;
            }
            else if (left < right)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return shared ? sum : null;
    }

    private static float Manhattan(ReadOnlySpan<float> stored, ReadOnlySpan<float> query, Span<float> scratch)
    {
        TensorPrimitives.Subtract(stored, query, scratch);
        return TensorPrimitives.SumOfMagnitudes(scratch);
    }
}
