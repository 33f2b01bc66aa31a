using Google.Protobuf.Collections;
using OrleansFailover.Contracts;
using QdrantGrpc = Qdrant.Client.Grpc;

namespace OrleansFailover.VectorStores.Qdrant;

/// <summary>Qdrant's gRPC messages to our types.</summary>
internal static class QdrantResponseMapper
{
    public static PointId FromGrpc(QdrantGrpc.PointId id) => id.PointIdOptionsCase switch
    {
        QdrantGrpc.PointId.PointIdOptionsOneofCase.Num => PointId.FromNumber(id.Num),
        QdrantGrpc.PointId.PointIdOptionsOneofCase.Uuid when Guid.TryParse(id.Uuid, out var uuid) => PointId.FromUuid(uuid),
        _ => throw new VectorStoreException(VectorStoreErrorKind.Internal, $"Qdrant returned a malformed point id '{id}'."),
    };

    public static VectorPoint FromGrpc(
        QdrantGrpc.PointId id, MapField<string, QdrantGrpc.Value> payload, QdrantGrpc.VectorsOutput? vectors, bool withPayload, bool withVectors)
    {
        var dense = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var sparse = new Dictionary<string, SparseVector>(StringComparer.Ordinal);
        if (withVectors && vectors is not null)
        {
            switch (vectors.VectorsOptionsCase)
            {
                case QdrantGrpc.VectorsOutput.VectorsOptionsOneofCase.Vector:
                    AddVector(string.Empty, vectors.Vector, dense, sparse);
                    break;
                case QdrantGrpc.VectorsOutput.VectorsOptionsOneofCase.Vectors:
                    foreach (var (name, vector) in vectors.Vectors.Vectors)
                    {
                        AddVector(name, vector, dense, sparse);
                    }

                    break;
            }
        }

        return new VectorPoint
        {
            Id = FromGrpc(id),
            Dense = dense,
            Sparse = sparse,
            Payload = withPayload ? FromGrpc(payload) : Payloads.Empty,
        };
    }

    public static Dictionary<string, PayloadValue> FromGrpc(MapField<string, QdrantGrpc.Value> payload)
    {
        var result = new Dictionary<string, PayloadValue>(payload.Count, StringComparer.Ordinal);
        foreach (var (key, value) in payload)
        {
            result[key] = FromGrpc(value);
        }

        return result;
    }

    public static PayloadValue FromGrpc(QdrantGrpc.Value value) => value.KindCase switch
    {
        QdrantGrpc.Value.KindOneofCase.BoolValue => PayloadValue.FromBool(value.BoolValue),
        QdrantGrpc.Value.KindOneofCase.IntegerValue => PayloadValue.FromInteger(value.IntegerValue),
        QdrantGrpc.Value.KindOneofCase.DoubleValue => PayloadValue.FromDouble(value.DoubleValue),
        QdrantGrpc.Value.KindOneofCase.StringValue => PayloadValue.FromString(value.StringValue),
        QdrantGrpc.Value.KindOneofCase.ListValue => PayloadValue.FromArray(value.ListValue.Values.Select(FromGrpc)),
        QdrantGrpc.Value.KindOneofCase.StructValue => PayloadValue.FromObject(FromGrpc(value.StructValue.Fields)),
        _ => PayloadValue.Null,
    };

    public static CollectionSchema FromGrpc(QdrantGrpc.CollectionParams parameters)
    {
        var dense = new List<DenseVectorConfig>();
        var vectors = parameters.VectorsConfig;
        if (vectors?.ConfigCase == QdrantGrpc.VectorsConfig.ConfigOneofCase.Params)
        {
            dense.Add(FromGrpc(string.Empty, vectors.Params));
        }
        else if (vectors?.ConfigCase == QdrantGrpc.VectorsConfig.ConfigOneofCase.ParamsMap)
        {
            dense.AddRange(vectors.ParamsMap.Map.Select(pair => FromGrpc(pair.Key, pair.Value)));
        }

        var sparse = parameters.SparseVectorsConfig?.Map.Keys.Select(name => new SparseVectorConfig(name)) ?? [];
        return new CollectionSchema
        {
            Dense = dense.OrderBy(d => d.Name, StringComparer.Ordinal).ToArray(),
            Sparse = sparse.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray(),
        };
    }

    private static DenseVectorConfig FromGrpc(string name, QdrantGrpc.VectorParams parameters) => new(
        name,
        checked((int)parameters.Size),
        parameters.Distance switch
        {
            QdrantGrpc.Distance.Cosine => Distance.Cosine,
            QdrantGrpc.Distance.Dot => Distance.Dot,
            QdrantGrpc.Distance.Euclid => Distance.Euclid,
            QdrantGrpc.Distance.Manhattan => Distance.Manhattan,
            var other => throw new VectorStoreException(
                VectorStoreErrorKind.Internal, $"Vector '{name}' uses distance {other}, which this service does not support."),
        });

    private static void AddVector(
        string name, QdrantGrpc.VectorOutput vector, Dictionary<string, float[]> dense, Dictionary<string, SparseVector> sparse)
    {
        switch (vector.VectorCase)
        {
            case QdrantGrpc.VectorOutput.VectorOneofCase.Dense:
                dense[name] = vector.Dense.Data.ToArray();
                return;
            case QdrantGrpc.VectorOutput.VectorOneofCase.Sparse:
                sparse[name] = new SparseVector(vector.Sparse.Indices.ToArray(), vector.Sparse.Values.ToArray());
                return;
        }

        // Before Qdrant 1.17 vectors came in the deprecated data / indices fields.
#pragma warning disable CS0612, CS0618
        if (vector.Indices is { } indices && indices.Data.Count > 0)
        {
            sparse[name] = new SparseVector(indices.Data.ToArray(), vector.Data.ToArray());
        }
        else if (vector.Data.Count > 0)
        {
            dense[name] = vector.Data.ToArray();
        }
#pragma warning restore CS0612, CS0618
    }
}
