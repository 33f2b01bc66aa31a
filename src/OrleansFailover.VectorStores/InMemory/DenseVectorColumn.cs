namespace OrleansFailover.VectorStores.InMemory;

/// <summary>
/// The vectors of one named dense vector, stored slot by slot in fixed-size chunks of contiguous
/// floats: a scan reads memory in order, and growing never copies what is already stored.
/// </summary>
internal sealed class DenseVectorColumn
{
    public const int SlotsPerChunk = 1024;

    private readonly List<float[]> _chunks = [];
    private readonly List<bool[]> _present = [];

    public DenseVectorColumn(int dimensions) => Dimensions = dimensions;

    public int Dimensions { get; }

    public bool Has(int slot)
    {
        var chunk = slot / SlotsPerChunk;
        return chunk < _present.Count && _present[chunk][slot % SlotsPerChunk];
    }

    public ReadOnlySpan<float> Get(int slot) =>
        _chunks[slot / SlotsPerChunk].AsSpan((slot % SlotsPerChunk) * Dimensions, Dimensions);

    public Span<float> Set(int slot)
    {
        var chunk = slot / SlotsPerChunk;
        while (_chunks.Count <= chunk)
        {
            _chunks.Add(new float[SlotsPerChunk * Dimensions]);
            _present.Add(new bool[SlotsPerChunk]);
        }

        _present[chunk][slot % SlotsPerChunk] = true;
        return _chunks[chunk].AsSpan((slot % SlotsPerChunk) * Dimensions, Dimensions);
    }

    public void Clear(int slot)
    {
        var chunk = slot / SlotsPerChunk;
        if (chunk < _present.Count)
        {
            _present[chunk][slot % SlotsPerChunk] = false;
        }
    }
}
