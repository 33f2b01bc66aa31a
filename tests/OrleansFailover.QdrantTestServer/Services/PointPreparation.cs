using OrleansFailover.QdrantTestServer.Engine;
using OrleansFailover.QdrantTestServer.Storage;
using Qdrant.Client.Grpc;

namespace OrleansFailover.QdrantTestServer.Services;

/// <summary>
/// Checks an upserted point against the collection and turns it into a stored point: cosine vectors
/// normalized, sparse indices sorted. Accepts both the 1.17 vector fields and the older data/indices.
/// </summary>
public static class PointPreparation
{
    public static StoredPoint Prepare(CollectionLayout config, PointStruct point, int index)
    {
        var stored = new StoredPoint { Key = PointKey.From(point.Id) };
        switch (point.Vectors?.VectorsOptionsCase)
        {
            case Vectors.VectorsOptionsOneofCase.Vector:
                Add(config, stored, string.Empty, point.Vectors.Vector, index);
                break;
            case Vectors.VectorsOptionsOneofCase.Vectors_:
                foreach (var (name, vector) in point.Vectors.Vectors_.Vectors)
                {
                    Add(config, stored, name, vector, index);
                }

                break;
        }

        stored.Payload.Add(point.Payload);
        return stored;
    }

    private static void Add(CollectionLayout config, StoredPoint stored, string name, Vector vector, int index)
    {
#pragma warning disable CS0612, CS0618 // the deprecated data / indices fields must still be accepted
        var (dense, sparseIndices, sparseValues) = vector.VectorCase switch
        {
            Vector.VectorOneofCase.Dense => (vector.Dense.Data.ToArray(), null, null),
            Vector.VectorOneofCase.Sparse => ((float[]?)null, vector.Sparse.Indices.ToArray(), vector.Sparse.Values.ToArray()),
            _ when vector.Indices is { } indices => (null, indices.Data.ToArray(), vector.Data.ToArray()),
            _ => (vector.Data.ToArray(), (uint[]?)null, (float[]?)null),
        };
#pragma warning restore CS0612, CS0618

        if (dense is not null)
        {
            if (!config.Dense.TryGetValue(name, out var parameters))
            {
                throw config.Sparse.Contains(name)
                    ? QdrantErrors.WrongInput($"Conversion between sparse and regular vectors failed (vector '{name}')")
                    : QdrantErrors.WrongInput($"Not existing vector name error: {name}");
            }

            if ((ulong)dense.Length != parameters.Size)
            {
                throw QdrantErrors.WrongInput(
                    $"Vector dimension error: expected dim: {parameters.Size}, got {dense.Length}");
            }

            stored.Dense[name] = parameters.Distance == Distance.Cosine ? Scoring.Normalized(dense) : dense;
            return;
        }

        if (!config.Sparse.Contains(name))
        {
            throw config.Dense.ContainsKey(name)
                ? QdrantErrors.WrongInput($"Conversion between sparse and regular vectors failed (vector '{name}')")
                : QdrantErrors.WrongInput($"Not existing vector name error: {name}");
        }

        if (sparseIndices!.Length != sparseValues!.Length)
        {
            throw QdrantErrors.Validation(
                $"points[{index}].vectors.{name}: indices and values must be the same length");
        }

        if (sparseIndices.Distinct().Count() != sparseIndices.Length)
        {
            throw QdrantErrors.Validation($"points[{index}].vectors.{name}: indices must be unique");
        }

        Array.Sort(sparseIndices, sparseValues);
        stored.Sparse[name] = (sparseIndices, sparseValues);
    }
}
