using System.Buffers;
using System.Globalization;
using System.Text.Json;
using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Writing;

/// <summary>
/// Writes payload values as JSON so that they read back as the same kinds: a double always carries a
/// fraction or an exponent (1.0, never 1), so it does not come back as an integer.
/// </summary>
public static class PayloadJsonWriter
{
    public static void WriteObject(Utf8JsonWriter json, IReadOnlyDictionary<string, PayloadValue> fields)
    {
        json.WriteStartObject();
        foreach (var (key, value) in fields)
        {
            json.WritePropertyName(key);
            WriteValue(json, value);
        }

        json.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter json, PayloadValue value)
    {
        switch (value.Kind)
        {
            case PayloadKind.Null:
                json.WriteNullValue();
                break;
            case PayloadKind.Bool:
                json.WriteBooleanValue(value.AsBool);
                break;
            case PayloadKind.Integer:
                json.WriteNumberValue(value.AsInteger);
                break;
            case PayloadKind.Double:
                WriteDouble(json, value.AsDouble);
                break;
            case PayloadKind.String:
                json.WriteStringValue(value.AsString);
                break;
            case PayloadKind.Array:
                json.WriteStartArray();
                foreach (var item in value.AsArray)
                {
                    WriteValue(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                WriteObject(json, value.AsObject);
                break;
        }
    }

    private static void WriteDouble(Utf8JsonWriter json, double value)
    {
        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        if (text[..length].IndexOfAny("."u8[0], (byte)'E', (byte)'e') < 0)
        {
            ".0"u8.CopyTo(text[length..]);
            length += 2;
        }

        json.WriteRawValue(text[..length], skipInputValidation: true);
    }
}
