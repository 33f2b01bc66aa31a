using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace OrleansFailover.Contracts.Serialization;

/// <summary>
/// Reads what <see cref="BinarySpanWriter"/> wrote. Every length is checked against the bytes that are left
/// before anything is allocated, so hostile or truncated input fails with <see cref="InvalidDataException"/>
/// instead of a huge allocation.
/// </summary>
public ref struct BinarySpanReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _data = data;

    public readonly bool AtEnd => _data.IsEmpty;

    public byte ReadByte() => Take(1)[0];

    /// <summary>A 7-bit varint that must fit a non-negative int (a count or a length).</summary>
    public int ReadCount()
    {
        var result = 0u;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result <= int.MaxValue ? (int)result : throw new InvalidDataException("A length is out of range.");
            }
        }

        throw new InvalidDataException("A length is malformed.");
    }

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long)));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(sizeof(ulong)));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(sizeof(double)));

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    public string ReadString() => Encoding.UTF8.GetString(Take(ReadCount()));

    /// <summary>Reads <paramref name="count"/> 4-byte numbers written by <see cref="BinarySpanWriter.WriteBlock{T}"/>.</summary>
    public T[] ReadBlock<T>(int count)
        where T : unmanaged
    {
        if ((long)count * BinarySize.Block<T>(1) > _data.Length)
        {
            throw new InvalidDataException($"A block of {count} numbers runs past the end of the data.");
        }

        var result = new T[count];
        var bytes = MemoryMarshal.AsBytes(result.AsSpan());
        Take(bytes.Length).CopyTo(bytes);
        if (!BitConverter.IsLittleEndian)
        {
            var words = MemoryMarshal.Cast<T, uint>(result.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return result;
    }

    /// <summary>A count of items that take at least <paramref name="minimumItemBytes"/> each: checked against what is left.</summary>
    public int ReadItemCount(int minimumItemBytes)
    {
        var count = ReadCount();
        return (long)count * minimumItemBytes <= _data.Length
            ? count
            : throw new InvalidDataException($"A count of {count} items runs past the end of the data.");
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length)
        {
            throw new InvalidDataException("The data ends early.");
        }

        var taken = _data[..count];
        _data = _data[count..];
        return taken;
    }
}
