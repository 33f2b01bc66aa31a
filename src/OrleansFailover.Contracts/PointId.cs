using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OrleansFailover.Contracts;

/// <summary>
/// A point id as Qdrant defines it: an unsigned 64-bit integer or a UUID.
/// Ordering follows Qdrant's scroll order: every integer id (ascending) before every UUID,
/// UUIDs compared by their bytes in RFC 4122 (big-endian) order.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.PointId")]
public readonly struct PointId : IEquatable<PointId>, IComparable<PointId>
{
    // A UUID is kept as two big-endian halves so that comparison is byte order and cheap.
    [Id(0)] private readonly ulong _numberOrHigh;
    [Id(1)] private readonly ulong _low;
    [Id(2)] private readonly bool _isUuid;

    private PointId(ulong numberOrHigh, ulong low, bool isUuid)
    {
        _numberOrHigh = numberOrHigh;
        _low = low;
        _isUuid = isUuid;
    }

    public bool IsUuid => _isUuid;

    public bool IsNumber => !_isUuid;

    public ulong Number => _isUuid
        ? throw new InvalidOperationException($"Point id {this} is a UUID, not a number.")
        : _numberOrHigh;

    public Guid Uuid
    {
        get
        {
            if (!_isUuid)
            {
                throw new InvalidOperationException($"Point id {this} is a number, not a UUID.");
            }

            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, _numberOrHigh);
            BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _low);
            return new Guid(bytes, bigEndian: true);
        }
    }

    public static PointId FromNumber(ulong number) => new(number, 0, isUuid: false);

    public static PointId FromUuid(Guid uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        return new PointId(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            isUuid: true);
    }

    public static implicit operator PointId(ulong number) => FromNumber(number);

    public static implicit operator PointId(Guid uuid) => FromUuid(uuid);

    /// <summary>Parses a UUID (32 hex digits, with or without dashes) or a decimal unsigned 64-bit integer.</summary>
    public static PointId Parse(string text) =>
        TryParse(text, out var id)
            ? id
            : throw new VectorStoreException(
                VectorStoreErrorKind.InvalidArgument,
                $"Invalid point id '{Truncate(text)}': expected an unsigned 64-bit integer or a UUID.");

    public static bool TryParse([NotNullWhen(true)] string? text, out PointId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (TryParseUuid(text, out var uuid))
        {
            id = FromUuid(uuid);
            return true;
        }

        if (text.Length <= 20 && text.All(char.IsAsciiDigit) &&
            ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            id = FromNumber(number);
            return true;
        }

        return false;
    }

    /// <summary>Parses the text of a UUID only: the form an id takes as a JSON string.</summary>
    public static bool TryParseUuid(ReadOnlySpan<char> text, out Guid uuid) =>
        Guid.TryParseExact(text, "D", out uuid) || Guid.TryParseExact(text, "N", out uuid);

    public int CompareTo(PointId other)
    {
        if (_isUuid != other._isUuid)
        {
            return _isUuid ? 1 : -1;
        }

        var high = _numberOrHigh.CompareTo(other._numberOrHigh);
        return high != 0 ? high : _low.CompareTo(other._low);
    }

    public bool Equals(PointId other) =>
        _isUuid == other._isUuid && _numberOrHigh == other._numberOrHigh && _low == other._low;

    public override bool Equals(object? obj) => obj is PointId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_numberOrHigh, _low, _isUuid);

    /// <summary>The number in decimal, or the UUID in Qdrant's canonical dashed lowercase form.</summary>
    public override string ToString() =>
        _isUuid ? Uuid.ToString("D") : _numberOrHigh.ToString(CultureInfo.InvariantCulture);

    public static bool operator ==(PointId left, PointId right) => left.Equals(right);

    public static bool operator !=(PointId left, PointId right) => !left.Equals(right);

    public static bool operator <(PointId left, PointId right) => left.CompareTo(right) < 0;

    public static bool operator >(PointId left, PointId right) => left.CompareTo(right) > 0;

    public static bool operator <=(PointId left, PointId right) => left.CompareTo(right) <= 0;

    public static bool operator >=(PointId left, PointId right) => left.CompareTo(right) >= 0;

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
