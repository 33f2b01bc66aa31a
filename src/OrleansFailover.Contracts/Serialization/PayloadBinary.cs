namespace OrleansFailover.Contracts.Serialization;

/// <summary>
/// A payload in binary: a kind byte per value, then the value (8 bytes for numbers, length-prefixed UTF-8 for
/// strings, a count for arrays and objects). Part of <see cref="PointBinary"/>.
/// </summary>
internal static class PayloadBinary
{
    private const int MaxDepth = 64;

    public static int Measure(IReadOnlyDictionary<string, PayloadValue> fields)
    {
        var size = BinarySize.VarUInt((uint)fields.Count);
        foreach (var (key, value) in fields)
        {
            size += BinarySize.String(key) + Measure(value);
        }

        return size;
    }

    public static void Write(ref BinarySpanWriter writer, IReadOnlyDictionary<string, PayloadValue> fields)
    {
        writer.WriteVarUInt((uint)fields.Count);
        foreach (var (key, value) in fields)
        {
            writer.WriteString(key);
            Write(ref writer, value);
        }
    }

    public static Dictionary<string, PayloadValue> Read(ref BinarySpanReader reader) => ReadObject(ref reader, 0);

    private static int Measure(PayloadValue value) => 1 + value.Kind switch
    {
        PayloadKind.Bool => 1,
        PayloadKind.Integer or PayloadKind.Double => 8,
        PayloadKind.String => BinarySize.String(value.AsString),
        PayloadKind.Array => BinarySize.VarUInt((uint)value.AsArray.Count) + value.AsArray.Sum(Measure),
        PayloadKind.Object => Measure(value.AsObject),
        _ => 0,
    };

    private static void Write(ref BinarySpanWriter writer, PayloadValue value)
    {
        writer.WriteByte((byte)value.Kind);
        switch (value.Kind)
        {
            case PayloadKind.Bool:
                writer.WriteByte(value.AsBool ? (byte)1 : (byte)0);
                break;
            case PayloadKind.Integer:
                writer.WriteInt64(value.AsInteger);
                break;
            case PayloadKind.Double:
                writer.WriteDouble(value.AsDouble);
                break;
            case PayloadKind.String:
                writer.WriteString(value.AsString);
                break;
            case PayloadKind.Array:
                writer.WriteVarUInt((uint)value.AsArray.Count);
                foreach (var item in value.AsArray)
                {
                    Write(ref writer, item);
                }

                break;
            case PayloadKind.Object:
                Write(ref writer, value.AsObject);
                break;
        }
    }

    private static Dictionary<string, PayloadValue> ReadObject(ref BinarySpanReader reader, int depth)
    {
        // Every field takes at least two bytes (an empty key and a kind).
        var count = reader.ReadItemCount(2);
        var fields = new Dictionary<string, PayloadValue>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            fields[key] = ReadValue(ref reader, depth + 1);
        }

        return fields;
    }

    private static PayloadValue ReadValue(ref BinarySpanReader reader, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"The payload is nested more than {MaxDepth} levels deep.");
        }

        var kind = (PayloadKind)reader.ReadByte();
        switch (kind)
        {
            case PayloadKind.Null:
                return PayloadValue.Null;
            case PayloadKind.Bool:
                return PayloadValue.FromBool(reader.ReadByte() != 0);
            case PayloadKind.Integer:
                return PayloadValue.FromInteger(reader.ReadInt64());
            case PayloadKind.Double:
                return PayloadValue.FromDouble(reader.ReadDouble());
            case PayloadKind.String:
                return PayloadValue.FromString(reader.ReadString());
            case PayloadKind.Array:
                var items = new PayloadValue[reader.ReadItemCount(1)];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = ReadValue(ref reader, depth + 1);
                }

                return PayloadValue.FromArray(items);
            case PayloadKind.Object:
                return PayloadValue.FromObject(ReadObject(ref reader, depth + 1));
            default:
                throw new InvalidDataException($"Unknown payload value kind {(int)kind}.");
        }
    }
}
