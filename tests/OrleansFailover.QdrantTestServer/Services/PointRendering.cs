using Google.Protobuf;
using Google.Protobuf.Collections;
using OrleansFailover.QdrantTestServer.Storage;
using Qdrant.Client.Grpc;

namespace OrleansFailover.QdrantTestServer.Services;

/// <summary>Renders stored points into responses, as Qdrant 1.17+ does (vectors in VectorOutput.vector).</summary>
public static class PointRendering
{
    public static RetrievedPoint Retrieved(
        ServerCollection collection, StoredPoint point, WithPayloadSelector? payload, WithVectorsSelector? vectors,
        bool defaultPayload)
    {
        if (payload is { SelectorOptionsCase: WithPayloadSelector.SelectorOptionsOneofCase.Enable, Enable: true } &&
            vectors is { SelectorOptionsCase: WithVectorsSelector.SelectorOptionsOneofCase.Enable, Enable: true })
        {
            return point.CompleteRendering ??= Render(collection, point, payload, vectors, defaultPayload);
        }

        return Render(collection, point, payload, vectors, defaultPayload);
    }

    /// <summary>The encoded form of <see cref="Retrieved"/>, cached for the complete rendering.</summary>
    public static byte[] RetrievedBytes(
        ServerCollection collection, StoredPoint point, WithPayloadSelector? payload, WithVectorsSelector? vectors,
        bool defaultPayload)
    {
        var retrieved = Retrieved(collection, point, payload, vectors, defaultPayload);
        return ReferenceEquals(retrieved, point.CompleteRendering)
            ? point.CompleteRenderingBytes ??= retrieved.ToByteArray()
            : retrieved.ToByteArray();
    }

    private static RetrievedPoint Render(
        ServerCollection collection, StoredPoint point, WithPayloadSelector? payload, WithVectorsSelector? vectors,
        bool defaultPayload)
    {
        var result = new RetrievedPoint { Id = point.Key.ToGrpc() };
        AddPayload(result.Payload, point, payload, defaultPayload);
        result.Vectors = RenderVectors(collection, point, vectors);
        return result;
    }

    public static ScoredPoint Scored(
        ServerCollection collection, StoredPoint point, float score, WithPayloadSelector? payload, WithVectorsSelector? vectors)
    {
        var result = new ScoredPoint { Id = point.Key.ToGrpc(), Score = score, Version = 1 };
        AddPayload(result.Payload, point, payload, defaultPayload: false);
        result.Vectors = RenderVectors(collection, point, vectors);
        return result;
    }

    private static void AddPayload(
        MapField<string, Value> target, StoredPoint point, WithPayloadSelector? selector, bool defaultPayload)
    {
        switch (selector?.SelectorOptionsCase)
        {
            case WithPayloadSelector.SelectorOptionsOneofCase.Enable when selector.Enable:
            case null or WithPayloadSelector.SelectorOptionsOneofCase.None when defaultPayload:
                target.Add(point.Payload);
                break;
            case WithPayloadSelector.SelectorOptionsOneofCase.Include:
                foreach (var key in selector.Include.Fields)
                {
                    if (point.Payload.TryGetValue(key, out var value))
                    {
                        target[key] = value;
                    }
                }

                break;
            case WithPayloadSelector.SelectorOptionsOneofCase.Exclude:
                foreach (var (key, value) in point.Payload)
                {
                    if (!selector.Exclude.Fields.Contains(key))
                    {
                        target[key] = value;
                    }
                }

                break;
        }
    }

    private static VectorsOutput? RenderVectors(ServerCollection collection, StoredPoint point, WithVectorsSelector? selector)
    {
        Func<string, bool> wanted = selector?.SelectorOptionsCase switch
        {
            WithVectorsSelector.SelectorOptionsOneofCase.Enable when selector.Enable => _ => true,
            WithVectorsSelector.SelectorOptionsOneofCase.Include => name => selector.Include.Names.Contains(name),
            _ => _ => false,
        };

        if (collection.Config.HasUnnamedVector && collection.Config.Dense.Count == 1 && collection.Config.Sparse.Count == 0)
        {
            return wanted(string.Empty) && point.Dense.TryGetValue(string.Empty, out var unnamed)
                ? new VectorsOutput { Vector = Dense(unnamed) }
                : null;
        }

        var named = new NamedVectorsOutput();
        foreach (var (name, vector) in point.Dense.Where(pair => wanted(pair.Key)))
        {
            named.Vectors.Add(name, Dense(vector));
        }

        foreach (var (name, (indices, values)) in point.Sparse.Where(pair => wanted(pair.Key)))
        {
            var sparse = new SparseVector();
            sparse.Indices.AddRange(indices);
            sparse.Values.AddRange(values);
            named.Vectors.Add(name, new VectorOutput { Sparse = sparse });
        }

        return named.Vectors.Count == 0 ? null : new VectorsOutput { Vectors = named };
    }

    private static VectorOutput Dense(float[] vector)
    {
        var dense = new DenseVector();
        dense.Data.AddRange(vector);
        return new VectorOutput { Dense = dense };
    }
}
