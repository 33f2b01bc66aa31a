using System.Globalization;

namespace OrleansFailover.Contracts;

/// <summary>
/// One JSON value of a point's payload. Integers stay integers and doubles stay doubles,
/// so a payload round-trips through Qdrant, the in-memory store and backup files unchanged.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.PayloadValue")]
public sealed class PayloadValue : IEquatable<PayloadValue>
{
    public static readonly PayloadValue Null = new(PayloadKind.Null);
    public static readonly PayloadValue True = new(PayloadKind.Bool) { _bool = true };
    public static readonly PayloadValue False = new(PayloadKind.Bool);

    [Id(0)] private readonly PayloadKind _kind;
    [Id(1)] private bool _bool;
    [Id(2)] private long _integer;
    [Id(3)] private double _double;
    [Id(4)] private string? _string;
    [Id(5)] private PayloadValue[]? _items;
    [Id(6)] private Dictionary<string, PayloadValue>? _fields;

    private PayloadValue(PayloadKind kind) => _kind = kind;

    public PayloadKind Kind => _kind;

    public bool AsBool => _kind == PayloadKind.Bool ? _bool : throw WrongKind(PayloadKind.Bool);

    public long AsInteger => _kind == PayloadKind.Integer ? _integer : throw WrongKind(PayloadKind.Integer);

    public double AsDouble => _kind == PayloadKind.Double ? _double : throw WrongKind(PayloadKind.Double);

    public string AsString => _kind == PayloadKind.String ? _string! : throw WrongKind(PayloadKind.String);

    public IReadOnlyList<PayloadValue> AsArray => _kind == PayloadKind.Array ? _items! : throw WrongKind(PayloadKind.Array);

    public IReadOnlyDictionary<string, PayloadValue> AsObject =>
        _kind == PayloadKind.Object ? _fields! : throw WrongKind(PayloadKind.Object);

    /// <summary>The value as a number when it is an integer or a double; null otherwise.</summary>
    public double? AsNumber => _kind switch
    {
        PayloadKind.Integer => _integer,
        PayloadKind.Double => _double,
        _ => null,
    };

    public static PayloadValue FromBool(bool value) => value ? True : False;

    public static PayloadValue FromInteger(long value) => new(PayloadKind.Integer) { _integer = value };

    /// <summary>A double; JSON cannot carry NaN or infinity, so neither can a payload.</summary>
    public static PayloadValue FromDouble(double value) =>
        double.IsFinite(value)
            ? new(PayloadKind.Double) { _double = value }
            : throw VectorStoreException.InvalidArgument($"A payload number must be finite, got {value}.");

    public static PayloadValue FromString(string value) =>
        new(PayloadKind.String) { _string = value ?? throw new ArgumentNullException(nameof(value)) };

    public static PayloadValue FromArray(IEnumerable<PayloadValue> items) =>
        new(PayloadKind.Array) { _items = items.ToArray() };

    public static PayloadValue FromObject(IEnumerable<KeyValuePair<string, PayloadValue>> fields)
    {
        var dictionary = new Dictionary<string, PayloadValue>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            dictionary[key] = value;
        }

        return new(PayloadKind.Object) { _fields = dictionary };
    }

    public static implicit operator PayloadValue(string value) => FromString(value);

    public static implicit operator PayloadValue(long value) => FromInteger(value);

    public static implicit operator PayloadValue(double value) => FromDouble(value);

    public static implicit operator PayloadValue(bool value) => FromBool(value);

    public bool Equals(PayloadValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._kind != _kind)
        {
            return false;
        }

        return _kind switch
        {
            PayloadKind.Null => true,
            PayloadKind.Bool => _bool == other._bool,
            PayloadKind.Integer => _integer == other._integer,
            PayloadKind.Double => _double.Equals(other._double),
            PayloadKind.String => string.Equals(_string, other._string, StringComparison.Ordinal),
            PayloadKind.Array => _items!.AsSpan().SequenceEqual(other._items!),
            PayloadKind.Object => Payloads.AreEqual(_fields!, other._fields!),
            _ => false,
        };
    }

    public override bool Equals(object? obj) => obj is PayloadValue other && Equals(other);

    public override int GetHashCode() => _kind switch
    {
        PayloadKind.Bool => _bool.GetHashCode(),
        PayloadKind.Integer => _integer.GetHashCode(),
        PayloadKind.Double => _double.GetHashCode(),
        PayloadKind.String => StringComparer.Ordinal.GetHashCode(_string!),
        PayloadKind.Array => HashCode.Combine(_kind, _items!.Length),
        PayloadKind.Object => HashCode.Combine(_kind, _fields!.Count),
        _ => 0,
    };

    public override string ToString() => _kind switch
    {
        PayloadKind.Null => "null",
        PayloadKind.Bool => _bool ? "true" : "false",
        PayloadKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        PayloadKind.Double => _double.ToString("R", CultureInfo.InvariantCulture),
        PayloadKind.String => _string!,
        PayloadKind.Array => $"[{_items!.Length} items]",
        _ => $"{{{_fields!.Count} fields}}",
    };

    private InvalidOperationException WrongKind(PayloadKind wanted) =>
        new($"The payload value is {_kind}, not {wanted}.");
}
