using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace OrleansFailover.Contracts.Serialization;

/// <summary>
/// How a <see cref="VectorPoint"/> crosses the wire: every vector's numbers in one byte array (little-endian
/// float32 / uint32, copied as a block) instead of one encoded field per number. A batch of 100 W1 points
/// serializes several times faster this way, which is what upserts through the service spend their time on.
/// </summary>
[GenerateSerializer, Alias("OrleansFailover.VectorPointWire")]
public struct VectorPointWire
{
    [Id(0)] public PointId Id;
    [Id(1)] public string[] DenseNames;
    [Id(2)] public int[] DenseSizes;

    /// <summary>The dense vectors back to back.</summary>
    [Id(3)] public byte[] DenseData;
    [Id(4)] public string[] SparseNames;
    [Id(5)] public int[] SparseCounts;

    /// <summary>For each sparse vector, its indices (uint32) and then its values (float32).</summary>
    [Id(6)] public byte[] SparseData;
    /// <summary>The payload in <see cref="PayloadBinary"/> form.</summary>
    [Id(7)] public byte[] Payload;

    public static VectorPointWire From(VectorPoint point)
    {
        var wire = new VectorPointWire
        {
            Id = point.Id,
            DenseNames = new string[point.Dense.Count],
            DenseSizes = new int[point.Dense.Count],
            DenseData = new byte[point.Dense.Values.Sum(v => v.Length) * sizeof(float)],
            SparseNames = new string[point.Sparse.Count],
            SparseCounts = new int[point.Sparse.Count],
            SparseData = new byte[point.Sparse.Values.Sum(v => v.Count) * (sizeof(uint) + sizeof(float))],
            Payload = point.Payload.Count == 0 ? [] : PayloadBinary.Encode(point.Payload),
        };

        var offset = 0;
        var index = 0;
        foreach (var (name, vector) in point.Dense)
        {
            wire.DenseNames[index] = name;
            wire.DenseSizes[index++] = vector.Length;
            offset += Write<float>(vector, wire.DenseData.AsSpan(offset));
        }

        offset = 0;
        index = 0;
        foreach (var (name, vector) in point.Sparse)
        {
            wire.SparseNames[index] = name;
            wire.SparseCounts[index++] = vector.Count;
            offset += Write<uint>(vector.Indices, wire.SparseData.AsSpan(offset));
            offset += Write<float>(vector.Values, wire.SparseData.AsSpan(offset));
        }

        return wire;
    }

    public readonly VectorPoint ToPoint()
    {
        var dense = new Dictionary<string, float[]>(DenseNames.Length, StringComparer.Ordinal);
        var offset = 0;
        for (var i = 0; i < DenseNames.Length; i++)
        {
            dense[DenseNames[i]] = Read<float>(DenseData, ref offset, DenseSizes[i]);
        }

        var sparse = new Dictionary<string, SparseVector>(SparseNames.Length, StringComparer.Ordinal);
        offset = 0;
        for (var i = 0; i < SparseNames.Length; i++)
        {
            var indices = Read<uint>(SparseData, ref offset, SparseCounts[i]);
            var values = Read<float>(SparseData, ref offset, SparseCounts[i]);
            sparse[SparseNames[i]] = new SparseVector(indices, values);
        }

        return new VectorPoint
        {
            Id = Id,
            Dense = dense,
            Sparse = sparse,
            Payload = Payload is null || Payload.Length == 0 ? Payloads.Empty : PayloadBinary.Decode(Payload),
        };
    }

    private static int Write<T>(ReadOnlySpan<T> values, Span<byte> destination)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        bytes.CopyTo(destination);
        if (!BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<byte, uint>(destination[..bytes.Length]);
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return bytes.Length;
    }

    private static T[] Read<T>(byte[] source, ref int offset, int count)
        where T : unmanaged
    {
        var result = new T[count];
        var bytes = MemoryMarshal.AsBytes(result.AsSpan());
        source.AsSpan(offset, bytes.Length).CopyTo(bytes);
        if (!BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<T, uint>(result.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        offset += bytes.Length;
        return result;
    }
}
