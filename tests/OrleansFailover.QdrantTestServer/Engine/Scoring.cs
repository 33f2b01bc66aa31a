using Qdrant.Client.Grpc;

namespace OrleansFailover.QdrantTestServer.Engine;

/// <summary>
/// Plain scalar scoring, written independently of the service's SIMD store so that comparing the two
/// is a real check. Cosine and Dot: dot product (cosine on unit vectors). Euclid: the distance.
/// Manhattan: the sum of absolute differences.
/// </summary>
public static class Scoring
{
    public static bool HigherIsBetter(Distance distance) => distance is Distance.Cosine or Distance.Dot;

    public static float[] Normalized(float[] vector)
    {
        double sum = 0;
        foreach (var x in vector)
        {
            sum += (double)x * x;
        }

        var length = (float)Math.Sqrt(sum);
        if (length < float.Epsilon)
        {
            return (float[])vector.Clone();
        }

        var result = new float[vector.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            result[i] = vector[i] / length;
        }

        return result;
    }

    public static float Dense(Distance distance, float[] stored, float[] query)
    {
        double sum = 0;
        for (var i = 0; i < stored.Length; i++)
        {
            double difference = stored[i] - query[i];
            sum += distance switch
            {
                Distance.Euclid => difference * difference,
                Distance.Manhattan => Math.Abs(difference),
                _ => (double)stored[i] * query[i],
            };
        }

        return distance == Distance.Euclid ? (float)Math.Sqrt(sum) : (float)sum;
    }

    /// <summary>Dot product over shared indices; null when the vectors share no index.</summary>
    public static float? Sparse((uint[] Indices, float[] Values) stored, uint[] queryIndices, float[] queryValues)
    {
        var byIndex = new Dictionary<uint, float>(queryIndices.Length);
        for (var i = 0; i < queryIndices.Length; i++)
        {
            byIndex[queryIndices[i]] = queryValues[i];
        }

        double sum = 0;
        var shared = false;
        for (var i = 0; i < stored.Indices.Length; i++)
        {
            if (byIndex.TryGetValue(stored.Indices[i], out var value))
            {
                sum += (double)value * stored.Values[i];
                shared = true;
            }
        }

        return shared ? (float)sum : null;
    }
}
