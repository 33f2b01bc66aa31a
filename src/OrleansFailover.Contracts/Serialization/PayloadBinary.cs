using System.Buffers.Binary;
using System.Text;

namespace OrleansFailover.Contracts.Serialization;

/// <summary>
/// A compact binary form of a payload for the wire: a kind byte per value, then the value (fixed 8 bytes for
/// numbers, length-prefixed UTF-8 for strings, counts for arrays and objects). One byte array per point instead
/// of one serialized object per value.
/// </summary>
public static class PayloadBinary
{
    private const int MaxDepth = 64;

    public static byte[] Encode(IReadOnlyDictionary<string, PayloadValue> payload)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer, Encoding.UTF8);
        WriteObject(writer, payload);
        writer.Flush();
        return buffer.ToArray();
    }

    public static Dictionary<string, PayloadValue> Decode(byte[] encoded)
    {
        if (encoded.Length == 0)
        {
            return new Dictionary<string, PayloadValue>(StringComparer.Ordinal);
        }

        var reader = new Reader(encoded);
        return reader.ReadObject(0);
    }

    private static void WriteObject(BinaryWriter writer, IReadOnlyDictionary<string, PayloadValue> fields)
    {
        writer.Write7BitEncodedInt(fields.Count);
        foreach (var (key, value) in fields)
        {
            writer.Write(key);
            WriteValue(writer, value);
        }
    }

    private static void WriteValue(BinaryWriter writer, PayloadValue value)
    {
        writer.Write((byte)value.Kind);
        switch (value.Kind)
        {
            case PayloadKind.Bool:
                writer.Write(value.AsBool);
                break;
            case PayloadKind.Integer:
                writer.Write(value.AsInteger);
                break;
            case PayloadKind.Double:
                writer.Write(value.AsDouble);
                break;
            case PayloadKind.String:
                writer.Write(value.AsString);
                break;
            case PayloadKind.Array:
                writer.Write7BitEncodedInt(value.AsArray.Count);
                foreach (var item in value.AsArray)
                {
                    WriteValue(writer, item);
                }

                break;
            case PayloadKind.Object:
                WriteObject(writer, value.AsObject);
                break;
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _data = data;

        public Dictionary<string, PayloadValue> ReadObject(int depth)
        {
            var count = ReadCount();
            var fields = new Dictionary<string, PayloadValue>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var key = ReadString();
                fields[key] = ReadValue(depth + 1);
            }

            return fields;
        }

        private PayloadValue ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new InvalidDataException("The payload is nested too deeply.");
            }

            var kind = (PayloadKind)Take(1)[0];
            switch (kind)
            {
                case PayloadKind.Null:
                    return PayloadValue.Null;
                case PayloadKind.Bool:
                    return PayloadValue.FromBool(Take(1)[0] != 0);
                case PayloadKind.Integer:
                    return PayloadValue.FromInteger(BinaryPrimitives.ReadInt64LittleEndian(Take(8)));
                case PayloadKind.Double:
                    return PayloadValue.FromDouble(BinaryPrimitives.ReadDoubleLittleEndian(Take(8)));
                case PayloadKind.String:
                    return PayloadValue.FromString(ReadString());
                case PayloadKind.Array:
                    var count = ReadCount();
                    var items = new PayloadValue[count];
                    for (var i = 0; i < count; i++)
                    {
                        items[i] = ReadValue(depth + 1);
                    }

                    return PayloadValue.FromArray(items);
                case PayloadKind.Object:
                    return PayloadValue.FromObject(ReadObject(depth + 1));
                default:
                    throw new InvalidDataException($"Unknown payload kind {(int)kind}.");
            }
        }

        private string ReadString() => Encoding.UTF8.GetString(Take(ReadCount()));

        private int ReadCount()
        {
            var result = 0;
            for (var shift = 0; shift < 35; shift += 7)
            {
                var b = Take(1)[0];
                result |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return result >= 0 ? result : throw new InvalidDataException("A length in the payload is negative.");
                }
            }

            throw new InvalidDataException("A length in the payload is malformed.");
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > _data.Length)
            {
                throw new InvalidDataException("The payload ends early.");
            }

            var taken = _data[..count];
            _data = _data[count..];
            return taken;
        }
    }
}
