using System.Text.Json;
using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Reading;

/// <summary>
/// Reads JSON values as payload values. A number with a fraction or an exponent is a double, any other
/// number an integer (a double when it does not fit 64 bits), so integers stay integers as in Qdrant.
/// </summary>
internal static class PayloadJson
{
    /// <summary>Reads the object whose start is the current token; leaves the reader on its end.</summary>
    public static Dictionary<string, PayloadValue> ReadObject(ref JsonStreamReader json)
    {
        var fields = new Dictionary<string, PayloadValue>(StringComparer.Ordinal);
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var key = json.GetString();
            json.Read();
            fields[key] = ReadValue(ref json);
        }

        return fields;
    }

    public static PayloadValue ReadValue(ref JsonStreamReader json)
    {
        switch (json.TokenType)
        {
            case JsonTokenType.StartObject:
                return PayloadValue.FromObject(ReadObject(ref json));
            case JsonTokenType.StartArray:
                var items = new List<PayloadValue>();
                while (json.Read() && json.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref json));
                }

                return PayloadValue.FromArray(items);
            case JsonTokenType.String:
                return PayloadValue.FromString(json.GetString());
            case JsonTokenType.True:
                return PayloadValue.True;
            case JsonTokenType.False:
                return PayloadValue.False;
            case JsonTokenType.Number:
                return ReadNumber(ref json);
            default:
                return PayloadValue.Null;
        }
    }

    private static PayloadValue ReadNumber(ref JsonStreamReader json)
    {
        var text = json.ValueSpan;
        var isInteger = text.IndexOfAny("."u8[0], (byte)'e', (byte)'E') < 0;
        if (isInteger && json.TryGetInt64(out var integer))
        {
            return PayloadValue.FromInteger(integer);
        }

        if (json.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return PayloadValue.FromDouble(number);
        }

        throw new BackupFormatException(
            $"byte {json.TokenPosition}", $"the number {System.Text.Encoding.UTF8.GetString(text[..Math.Min(text.Length, 40)])} is out of range");
    }
}
