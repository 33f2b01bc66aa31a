using OrleansFailover.Contracts;

namespace OrleansFailover.VectorStores.Validation;

/// <summary>
/// Checks points against a collection's schema before anything is written, so that a batch
/// with one bad point is rejected whole with a message that names the point and the problem.
/// </summary>
public static class PointValidator
{
    /// <summary>Throws an InvalidArgument error for the first bad point of the batch.</summary>
    public static void EnsureValid(string collection, CollectionSchema schema, IReadOnlyList<VectorPoint> points)
    {
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i] ?? throw VectorStoreException.InvalidArgument(
                $"Point {i} of the batch for collection '{collection}' is null.");
            var problem = FindProblem(schema, point);
            if (problem is not null)
            {
                throw VectorStoreException.InvalidArgument(
                    $"Point {i} (id {point.Id}) of the batch for collection '{collection}': {problem}.");
            }
        }
    }

    /// <summary>Returns what is wrong with the point for this schema, or null when it is fine.</summary>
    public static string? FindProblem(CollectionSchema schema, VectorPoint point)
    {
        if (point.Dense is null || point.Sparse is null || point.Payload is null)
        {
            return "its vectors or payload are missing (null)";
        }

        foreach (var (name, vector) in point.Dense)
        {
            var problem = FindDenseProblem(schema, name, vector);
            if (problem is not null)
            {
                return problem;
            }
        }

        foreach (var (name, vector) in point.Sparse)
        {
            if (!schema.HasSparse(name))
            {
                return $"the collection has no sparse vector named '{name}'{DescribeSparseNames(schema)}";
            }

            var problem = FindSparseProblem(name, vector);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>
    /// The checks that need no schema: finite numbers, well-formed sparse vectors. The Qdrant store runs
    /// them before sending, so that Qdrant never sees what the in-memory store would refuse.
    /// </summary>
    public static string? FindSchemaFreeProblem(VectorPoint point)
    {
        if (point.Dense is null || point.Sparse is null || point.Payload is null)
        {
            return "its vectors or payload are missing (null)";
        }

        foreach (var (name, vector) in point.Dense)
        {
            if (vector is null)
            {
                return $"dense vector '{name}' is null";
            }

            var bad = FindNonFinite(vector);
            if (bad >= 0)
            {
                return $"dense vector '{name}' has {vector[bad]} at index {bad}; values must be finite numbers";
            }
        }

        foreach (var (name, vector) in point.Sparse)
        {
            var problem = FindSparseProblem(name, vector);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>Throws an InvalidArgument error for the first point that fails the schema-free checks.</summary>
    public static void EnsureSchemaFreeValid(string collection, IReadOnlyList<VectorPoint> points)
    {
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i] ?? throw VectorStoreException.InvalidArgument(
                $"Point {i} of the batch for collection '{collection}' is null.");
            var problem = FindSchemaFreeProblem(point);
            if (problem is not null)
            {
                throw VectorStoreException.InvalidArgument(
                    $"Point {i} (id {point.Id}) of the batch for collection '{collection}': {problem}.");
            }
        }
    }

    public static string? FindDenseProblem(CollectionSchema schema, string name, float[]? vector)
    {
        var config = schema.FindDense(name);
        if (config is null)
        {
            return $"the collection has no dense vector named '{name}'{DescribeDenseNames(schema)}";
        }

        if (vector is null)
        {
            return $"dense vector '{name}' is null";
        }

        if (vector.Length != config.Size)
        {
            return $"dense vector '{name}' has {vector.Length} dimensions, the collection expects {config.Size}";
        }

        var bad = FindNonFinite(vector);
        return bad < 0 ? null : $"dense vector '{name}' has {vector[bad]} at index {bad}; values must be finite numbers";
    }

    public static string? FindSparseProblem(string name, SparseVector? vector)
    {
        if (vector is null || vector.Indices is null || vector.Values is null)
        {
            return $"sparse vector '{name}' is missing its indices or values";
        }

        if (vector.Indices.Length != vector.Values.Length)
        {
            return $"sparse vector '{name}' has {vector.Indices.Length} indices but {vector.Values.Length} values";
        }

        var bad = FindNonFinite(vector.Values);
        if (bad >= 0)
        {
            return $"sparse vector '{name}' has {vector.Values[bad]} at position {bad}; values must be finite numbers";
        }

        if (!vector.IsSorted())
        {
            var sorted = (uint[])vector.Indices.Clone();
            Array.Sort(sorted);
            for (var i = 1; i < sorted.Length; i++)
            {
                if (sorted[i] == sorted[i - 1])
                {
                    return $"sparse vector '{name}' has index {sorted[i]} more than once";
                }
            }
        }

        return null;
    }

    private static int FindNonFinite(ReadOnlySpan<float> values)
    {
        if (System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(values))
        {
            return -1;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string DescribeDenseNames(CollectionSchema schema) =>
        schema.Dense.Count == 0
            ? " (it has no dense vectors)"
            : $" (it has: {string.Join(", ", schema.Dense.Select(d => d.Name.Length == 0 ? "the unnamed vector" : $"'{d.Name}'"))})";

    private static string DescribeSparseNames(CollectionSchema schema) =>
        schema.Sparse.Count == 0
            ? " (it has no sparse vectors)"
            : $" (it has: {string.Join(", ", schema.Sparse.Select(s => $"'{s.Name}'"))})";
}
