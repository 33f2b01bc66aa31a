using Google.Protobuf.Collections;
using OrleansFailover.Contracts;
using QdrantGrpc = Qdrant.Client.Grpc;

namespace OrleansFailover.VectorStores.Qdrant;

/// <summary>Our types to Qdrant's gRPC messages.</summary>
internal static class QdrantRequestMapper
{
    public static QdrantGrpc.PointId ToGrpc(PointId id) =>
        id.IsUuid ? new QdrantGrpc.PointId { Uuid = id.ToString() } : new QdrantGrpc.PointId { Num = id.Number };

    public static QdrantGrpc.PointStruct ToGrpc(VectorPoint point)
    {
        var result = new QdrantGrpc.PointStruct { Id = ToGrpc(point.Id), Vectors = ToGrpcVectors(point) };
        AddPayload(result.Payload, point.Payload);
        return result;
    }

    public static void AddPayload(MapField<string, QdrantGrpc.Value> target, IReadOnlyDictionary<string, PayloadValue> payload)
    {
        foreach (var (key, value) in payload)
        {
            target.Add(key, ToGrpc(value));
        }
    }

    public static QdrantGrpc.Value ToGrpc(PayloadValue value)
    {
        switch (value.Kind)
        {
            case PayloadKind.Null:
                return new QdrantGrpc.Value { NullValue = QdrantGrpc.NullValue.NullValue };
            case PayloadKind.Bool:
                return new QdrantGrpc.Value { BoolValue = value.AsBool };
            case PayloadKind.Integer:
                return new QdrantGrpc.Value { IntegerValue = value.AsInteger };
            case PayloadKind.Double:
                return new QdrantGrpc.Value { DoubleValue = value.AsDouble };
            case PayloadKind.String:
                return new QdrantGrpc.Value { StringValue = value.AsString };
            case PayloadKind.Array:
                var list = new QdrantGrpc.ListValue();
                foreach (var item in value.AsArray)
                {
                    list.Values.Add(ToGrpc(item));
                }

                return new QdrantGrpc.Value { ListValue = list };
            default:
                var structValue = new QdrantGrpc.Struct();
                AddPayload(structValue.Fields, value.AsObject);
                return new QdrantGrpc.Value { StructValue = structValue };
        }
    }

    public static QdrantGrpc.Vector ToGrpcDense(float[] vector)
    {
        var dense = new QdrantGrpc.DenseVector();
        dense.Data.AddRange(vector);
        return new QdrantGrpc.Vector { Dense = dense };
    }

    public static QdrantGrpc.Vector ToGrpcSparse(SparseVector vector)
    {
        var sparse = new QdrantGrpc.SparseVector();
        sparse.Indices.AddRange(vector.Indices);
        sparse.Values.AddRange(vector.Values);
        return new QdrantGrpc.Vector { Sparse = sparse };
    }

    public static QdrantGrpc.VectorInput ToGrpcInput(float[] vector)
    {
        var dense = new QdrantGrpc.DenseVector();
        dense.Data.AddRange(vector);
        return new QdrantGrpc.VectorInput { Dense = dense };
    }

    public static QdrantGrpc.VectorInput ToGrpcInput(SparseVector vector)
    {
        var sparse = new QdrantGrpc.SparseVector();
        sparse.Indices.AddRange(vector.Indices);
        sparse.Values.AddRange(vector.Values);
        return new QdrantGrpc.VectorInput { Sparse = sparse };
    }

    public static QdrantGrpc.Filter? ToGrpc(PointFilter? filter)
    {
        PointFilter.EnsureReadable(filter);
        if (filter is null || filter.IsEmpty)
        {
            return null;
        }

        var result = new QdrantGrpc.Filter();
        result.Must.AddRange(filter.Must.Select(ToGrpc));
        result.Should.AddRange(filter.Should.Select(ToGrpc));
        result.MustNot.AddRange(filter.MustNot.Select(ToGrpc));
        return result;
    }

    public static QdrantGrpc.CreateCollection ToGrpcCreate(string collection, CollectionSchema schema)
    {
        var request = new QdrantGrpc.CreateCollection { CollectionName = collection };
        if (schema.Dense.Count == 1 && schema.Dense[0].Name.Length == 0)
        {
            request.VectorsConfig = new QdrantGrpc.VectorsConfig { Params = ToGrpc(schema.Dense[0]) };
        }
        else if (schema.Dense.Count > 0)
        {
            var map = new QdrantGrpc.VectorParamsMap();
            foreach (var dense in schema.Dense)
            {
                map.Map.Add(dense.Name, ToGrpc(dense));
            }

            request.VectorsConfig = new QdrantGrpc.VectorsConfig { ParamsMap = map };
        }

        if (schema.Sparse.Count > 0)
        {
            request.SparseVectorsConfig = new QdrantGrpc.SparseVectorConfig();
            foreach (var sparse in schema.Sparse)
            {
                request.SparseVectorsConfig.Map.Add(sparse.Name, new QdrantGrpc.SparseVectorParams());
            }
        }

        return request;
    }

    private static QdrantGrpc.VectorParams ToGrpc(DenseVectorConfig config) => new()
    {
        Size = (ulong)config.Size,
        Distance = config.Distance switch
        {
            Distance.Cosine => QdrantGrpc.Distance.Cosine,
            Distance.Dot => QdrantGrpc.Distance.Dot,
            Distance.Euclid => QdrantGrpc.Distance.Euclid,
            _ => QdrantGrpc.Distance.Manhattan,
        },
    };

    private static QdrantGrpc.Vectors ToGrpcVectors(VectorPoint point)
    {
        // Qdrant's unnamed default vector travels as a bare vector, everything else by name.
        if (point.Sparse.Count == 0 && point.Dense.Count == 1 && point.Dense.ContainsKey(string.Empty))
        {
            return new QdrantGrpc.Vectors { Vector = ToGrpcDense(point.Dense[string.Empty]) };
        }

        var named = new QdrantGrpc.NamedVectors();
        foreach (var (name, vector) in point.Dense)
        {
            named.Vectors.Add(name, ToGrpcDense(vector));
        }

        foreach (var (name, vector) in point.Sparse)
        {
            named.Vectors.Add(name, ToGrpcSparse(vector));
        }

        return new QdrantGrpc.Vectors { Vectors_ = named };
    }

    private static QdrantGrpc.Condition ToGrpc(FilterCondition condition)
    {
        switch (condition.Kind)
        {
            case ConditionKind.MatchKeyword:
                return Field(condition.Key, new QdrantGrpc.Match { Keyword = condition.Keyword });
            case ConditionKind.MatchInteger:
                return Field(condition.Key, new QdrantGrpc.Match { Integer = condition.Integer });
            case ConditionKind.MatchBool:
                return Field(condition.Key, new QdrantGrpc.Match { Boolean = condition.Bool });
            case ConditionKind.Range:
                var range = new QdrantGrpc.Range();
                if (condition.Range!.GreaterThan is { } gt)
                {
                    range.Gt = gt;
                }

                if (condition.Range.GreaterThanOrEqual is { } gte)
                {
                    range.Gte = gte;
                }

                if (condition.Range.LessThan is { } lt)
                {
                    range.Lt = lt;
                }

                if (condition.Range.LessThanOrEqual is { } lte)
                {
                    range.Lte = lte;
                }

                return new QdrantGrpc.Condition { Field = new QdrantGrpc.FieldCondition { Key = condition.Key, Range = range } };
            case ConditionKind.HasId:
                var hasId = new QdrantGrpc.HasIdCondition();
                hasId.HasId.AddRange(condition.Ids!.Select(ToGrpc));
                return new QdrantGrpc.Condition { HasId = hasId };
            case ConditionKind.Filter:
                return new QdrantGrpc.Condition { Filter = ToGrpc(condition.Nested) ?? new QdrantGrpc.Filter() };
            default:
                throw VectorStoreException.InvalidArgument($"Unknown filter condition {condition.Kind}.");
        }
    }

    private static QdrantGrpc.Condition Field(string key, QdrantGrpc.Match match) =>
        new() { Field = new QdrantGrpc.FieldCondition { Key = key, Match = match } };
}
