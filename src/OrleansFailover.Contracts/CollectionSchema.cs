namespace OrleansFailover.Contracts;

/// <summary>The vector configuration of a collection: what a restore needs to recreate it exactly.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.CollectionSchema")]
public sealed record class CollectionSchema
{
    /// <summary>Dense vectors up to Qdrant's limit of 65,536 dimensions.</summary>
    public const int MaxDimensions = 65_536;

    [Id(0)]
    public IReadOnlyList<DenseVectorConfig> Dense { get; init; } = [];

    [Id(1)]
    public IReadOnlyList<SparseVectorConfig> Sparse { get; init; } = [];

    public DenseVectorConfig? FindDense(string name)
    {
        foreach (var config in Dense)
        {
            if (config.Name == name)
            {
                return config;
            }
        }

        return null;
    }

    public bool HasSparse(string name)
    {
        foreach (var config in Sparse)
        {
            if (config.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns what is wrong with this schema, or null when it can create a collection.</summary>
    public string? FindProblem()
    {
        if (Dense.Count == 0 && Sparse.Count == 0)
        {
            return "a collection needs at least one dense or sparse vector";
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dense in Dense)
        {
            if (dense.Size is < 1 or > MaxDimensions)
            {
                return $"dense vector '{dense.Name}' has size {dense.Size}; it must be between 1 and {MaxDimensions}";
            }

            if (!Enum.IsDefined(dense.Distance))
            {
                return $"dense vector '{dense.Name}' has an unknown distance ({(int)dense.Distance})";
            }

            if (!names.Add(dense.Name))
            {
                return $"vector name '{dense.Name}' is used twice";
            }
        }

        foreach (var sparse in Sparse)
        {
            if (sparse.Name.Length == 0)
            {
                return "a sparse vector needs a name";
            }

            if (!names.Add(sparse.Name))
            {
                return $"vector name '{sparse.Name}' is used twice";
            }
        }

        if (names.Contains(string.Empty) && Dense.Count > 1)
        {
            return "the unnamed default vector cannot be combined with named dense vectors";
        }

        return null;
    }

    public bool Equals(CollectionSchema? other) =>
        other is not null &&
        Dense.OrderBy(d => d.Name, StringComparer.Ordinal).SequenceEqual(other.Dense.OrderBy(d => d.Name, StringComparer.Ordinal)) &&
        Sparse.OrderBy(s => s.Name, StringComparer.Ordinal).SequenceEqual(other.Sparse.OrderBy(s => s.Name, StringComparer.Ordinal));

    public override int GetHashCode() => HashCode.Combine(Dense.Count, Sparse.Count);
}
