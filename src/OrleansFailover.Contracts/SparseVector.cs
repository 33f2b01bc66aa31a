namespace OrleansFailover.Contracts;

/// <summary>A sparse vector: parallel arrays of dimension indices and their values.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.SparseVector")]
public sealed record class SparseVector
{
    public SparseVector(uint[] indices, float[] values)
    {
        Indices = indices;
        Values = values;
    }

    [Id(0)]
    public uint[] Indices { get; }

    [Id(1)]
    public float[] Values { get; }

    public int Count => Indices.Length;

    /// <summary>A copy with indices in ascending order, as Qdrant stores them.</summary>
    public SparseVector SortedByIndex()
    {
        if (IsSorted())
        {
            return this;
        }

        var indices = (uint[])Indices.Clone();
        var values = (float[])Values.Clone();
        Array.Sort(indices, values);
        return new SparseVector(indices, values);
    }

    public bool IsSorted()
    {
        for (var i = 1; i < Indices.Length; i++)
        {
            if (Indices[i - 1] >= Indices[i])
            {
                return false;
            }
        }

        return true;
    }

    public bool Equals(SparseVector? other) =>
        other is not null && Indices.AsSpan().SequenceEqual(other.Indices) && Values.AsSpan().SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Indices.Length, Indices.Length > 0 ? Indices[0] : 0u);
}
