using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace OrleansFailover.Contracts.Serialization;

/// <summary>
/// Writes little-endian numbers, 7-bit varints, length-prefixed UTF-8 strings and raw blocks of numbers into a
/// span that was sized beforehand with <see cref="BinarySize"/>.
/// </summary>
public ref struct BinarySpanWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;
    private int _position;

    public readonly int Position => _position;

    public void WriteByte(byte value) => _destination[_position++] = value;

    public void WriteVarUInt(uint value)
    {
        while (value >= 0x80)
        {
            _destination[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _destination[_position++] = (byte)value;
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_destination[_position..], value);
        _position += sizeof(long);
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_destination[_position..], value);
        _position += sizeof(ulong);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_destination[_position..], value);
        _position += sizeof(double);
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt((uint)length);
        Encoding.UTF8.GetBytes(value, _destination.Slice(_position, length));
        _position += length;
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_destination[_position..]);
        _position += bytes.Length;
    }

    /// <summary>Hands out the next <paramref name="length"/> bytes for another encoder to fill, and moves past them.</summary>
    public Span<byte> Reserve(int length)
    {
        var reserved = _destination.Slice(_position, length);
        _position += length;
        return reserved;
    }

    /// <summary>Copies 4-byte numbers (float32, uint32) as one block, little-endian.</summary>
    public void WriteBlock<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        var target = _destination.Slice(_position, bytes.Length);
        bytes.CopyTo(target);
        if (!BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<byte, uint>(target);
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        _position += bytes.Length;
    }
}

/// <summary>Sizes of what <see cref="BinarySpanWriter"/> writes.</summary>
public static class BinarySize
{
    public static int VarUInt(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    public static int String(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        return VarUInt((uint)length) + length;
    }

    public static int Block<T>(int count)
        where T : unmanaged => count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
}
