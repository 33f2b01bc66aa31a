using System.Numerics.Tensors;

namespace OrleansFailover.VectorStores.InMemory;

/// <summary>
/// An int8 copy of a dense column, a quarter of its size, with per-vector terms that bound the error of a
/// dot product computed from the codes. A search scans the codes to get, for every point, an interval the
/// exact score is certain to lie in; only points whose interval can still reach the top k are then scored
/// exactly. The result is the exact top k: the codes only decide what need not be looked at.
/// </summary>
internal sealed class QuantizedVectors
{
    private const int SlotsPerChunk = DenseVectorColumn.SlotsPerChunk;
    private const float CodeRange = 127f;

    private readonly List<sbyte[]> _codes = [];
    private readonly List<Terms[]> _terms = [];

    public QuantizedVectors(int dimensions)
    {
        Dimensions = dimensions;
        PaddedDimensions = (dimensions + Int8Dot.Lanes - 1) / Int8Dot.Lanes * Int8Dot.Lanes;
    }

    public int Dimensions { get; }

    public int PaddedDimensions { get; }

    public void Set(int slot, ReadOnlySpan<float> vector)
    {
        var chunk = slot / SlotsPerChunk;
        while (_codes.Count <= chunk)
        {
            _codes.Add(new sbyte[SlotsPerChunk * PaddedDimensions]);
            _terms.Add(new Terms[SlotsPerChunk]);
        }

        var codes = _codes[chunk].AsSpan((slot % SlotsPerChunk) * PaddedDimensions, PaddedDimensions);
        var scale = ScaleFor(vector);
        double residual = 0, reconstructed = 0, squared = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            var code = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -CodeRange, CodeRange);
            codes[i] = code;
            var approximation = code * (double)scale;
            residual += (vector[i] - approximation) * (vector[i] - approximation);
            reconstructed += approximation * approximation;
            squared += (double)vector[i] * vector[i];
        }

        _terms[chunk][slot % SlotsPerChunk] = new Terms(scale, (float)Math.Sqrt(residual), (float)Math.Sqrt(reconstructed), (float)squared);
    }

    public QuantizedQuery Quantize(ReadOnlySpan<float> query)
    {
        var codes = new short[PaddedDimensions];
        var scale = ScaleFor(query);
        double residual = 0;
        for (var i = 0; i < query.Length; i++)
        {
            var code = (short)Math.Clamp(MathF.Round(query[i] / scale), -CodeRange, CodeRange);
            codes[i] = code;
            var error = query[i] - (code * (double)scale);
            residual += error * error;
        }

        var squaredNorm = TensorPrimitives.Dot(query, query);
        return new QuantizedQuery(codes, scale, (float)Math.Sqrt(residual), MathF.Sqrt(squaredNorm), squaredNorm);
    }

    /// <summary>An interval certain to hold the exact dot product of the stored vector and the query.</summary>
    public (float Low, float High) DotBounds(int slot, QuantizedQuery query)
    {
        var chunk = slot / SlotsPerChunk;
        var terms = _terms[chunk][slot % SlotsPerChunk];
        var codes = _codes[chunk].AsSpan((slot % SlotsPerChunk) * PaddedDimensions, PaddedDimensions);
        var approximate = Int8Dot.Dot(codes, query.Codes) * terms.Scale * query.Scale;

        // |q.v - q'.v'| <= |q| |v - v'| + |q - q'| |v'|, and a margin for float rounding in the exact score.
        var error = (query.Norm * terms.Residual) + (query.Residual * terms.ReconstructedNorm) +
                    (1e-4f * query.Norm * (terms.ReconstructedNorm + terms.Residual)) + 1e-20f;
        return (approximate - error, approximate + error);
    }

    public float SquaredNorm(int slot) => _terms[slot / SlotsPerChunk][slot % SlotsPerChunk].SquaredNorm;

    private static float ScaleFor(ReadOnlySpan<float> vector)
    {
        // MaxMagnitude returns the element itself, which may be negative.
        var largest = MathF.Abs(TensorPrimitives.MaxMagnitude(vector));
        return largest > 0 && float.IsFinite(largest) ? largest / CodeRange : 1f;
    }

    private readonly record struct Terms(float Scale, float Residual, float ReconstructedNorm, float SquaredNorm);
}
