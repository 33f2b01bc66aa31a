using System.Buffers;
using System.Buffers.Binary;

namespace OrleansFailover.QdrantTestServer.Binding;

/// <summary>Assembles a protobuf message from encoded fields: length-delimited parts and doubles.</summary>
public sealed class WireEncoder
{
    private const int LengthDelimited = 2;
    private const int Fixed64 = 1;

    private readonly List<(int Field, byte[] Bytes)> _parts = [];
    private readonly List<(int Field, double Value)> _doubles = [];

    public void AddMessage(int field, byte[] encoded) => _parts.Add((field, encoded));

    public void AddDouble(int field, double value) => _doubles.Add((field, value));

    public EncodedMessage Build()
    {
        var size = 0;
        foreach (var (field, bytes) in _parts)
        {
            size += VarintSize((uint)(field << 3)) + VarintSize((uint)bytes.Length) + bytes.Length;
        }

        foreach (var (field, _) in _doubles)
        {
            size += VarintSize((uint)(field << 3)) + 8;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        var span = buffer.AsSpan();
        var position = 0;
        foreach (var (field, bytes) in _parts)
        {
            position += WriteVarint(span[position..], (uint)((field << 3) | LengthDelimited));
            position += WriteVarint(span[position..], (uint)bytes.Length);
            bytes.CopyTo(span[position..]);
            position += bytes.Length;
        }

        foreach (var (field, value) in _doubles)
        {
            position += WriteVarint(span[position..], (uint)((field << 3) | Fixed64));
            BinaryPrimitives.WriteDoubleLittleEndian(span[position..], value);
            position += 8;
        }

        return new EncodedMessage(buffer, position);
    }

    private static int VarintSize(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static int WriteVarint(Span<byte> destination, uint value)
    {
        var written = 0;
        while (value >= 0x80)
        {
            destination[written++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[written++] = (byte)value;
        return written;
    }
}
