namespace OrleansFailover.VectorStores.InMemory;

/// <summary>A query vector quantized like the stored ones, with what the error bound needs.</summary>
internal sealed record QuantizedQuery(short[] Codes, float Scale, float Residual, float Norm, float SquaredNorm);
