using System.Numerics.Tensors;
using System.Security.Cryptography;

namespace OrleansFailover.Benchmarks;

/// <summary>
/// Plain operations measured in the same process, so figures can be compared across noisy machines as ratios.
/// </summary>
internal static class Baselines
{
    /// <summary>A sequential write of the same number of bytes, then fsync.</summary>
    public static void WriteAndFsync(string path, long bytes)
    {
        var chunk = new byte[1 << 20];
        new Random(1).NextBytes(chunk);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        for (long written = 0; written < bytes; written += chunk.Length)
        {
            file.Write(chunk, 0, (int)Math.Min(chunk.Length, bytes - written));
        }

        file.Flush(flushToDisk: true);
    }

    /// <summary>A sequential read of the file with a SHA-256 of it: the least any checksum validation must do.</summary>
    public static void ReadAndHash(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            hash.AppendData(buffer.AsSpan(0, read));
        }

        hash.GetHashAndReset();
    }

    /// <summary>One single-threaded SIMD dot product over every vector, no selection: the raw cost of an exact scan.</summary>
    public static float Scan(float[][] chunks, float[] query)
    {
        var best = float.MinValue;
        var dimensions = query.Length;
        foreach (var chunk in chunks)
        {
            for (var offset = 0; offset + dimensions <= chunk.Length; offset += dimensions)
            {
                best = Math.Max(best, TensorPrimitives.Dot(chunk.AsSpan(offset, dimensions), query));
            }
        }

        return best;
    }
}
