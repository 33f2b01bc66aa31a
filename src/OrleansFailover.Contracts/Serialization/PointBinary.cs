namespace OrleansFailover.Contracts.Serialization;

/// <summary>
/// A point in a compact binary form: a format byte; the id (a kind byte, then 8 bytes of number or 16 bytes of
/// UUID); each named dense vector as its numbers in one little-endian float32 block; each named sparse vector
/// as a uint32 block of indices and a float32 block of values; then the payload (<see cref="PayloadBinary"/>).
/// Sized exactly before it is written, so encoding allocates nothing but the output.
/// </summary>
public static class PointBinary
{
    private const byte FormatVersion = 1;
    private const byte NumberId = 0;
    private const byte UuidId = 1;

    /// <summary>The number of bytes <see cref="Write"/> needs for <paramref name="point"/>.</summary>
    public static int Measure(VectorPoint point)
    {
        var size = 1 + MeasureId(point.Id);
        size += BinarySize.VarUInt((uint)point.Dense.Count);
        foreach (var (name, vector) in point.Dense)
        {
            size += BinarySize.String(name) + BinarySize.VarUInt((uint)vector.Length) + BinarySize.Block<float>(vector.Length);
        }

        size += BinarySize.VarUInt((uint)point.Sparse.Count);
        foreach (var (name, vector) in point.Sparse)
        {
            size += BinarySize.String(name) + BinarySize.VarUInt((uint)vector.Count)
                + BinarySize.Block<uint>(vector.Count) + BinarySize.Block<float>(vector.Count);
        }

        return size + PayloadBinary.Measure(point.Payload);
    }

    /// <summary>Writes <paramref name="point"/> into <paramref name="destination"/>, which holds exactly <see cref="Measure"/> bytes.</summary>
    public static void Write(VectorPoint point, Span<byte> destination)
    {
        var writer = new BinarySpanWriter(destination);
        writer.WriteByte(FormatVersion);
        WriteId(ref writer, point.Id);

        writer.WriteVarUInt((uint)point.Dense.Count);
        foreach (var (name, vector) in point.Dense)
        {
            writer.WriteString(name);
            writer.WriteVarUInt((uint)vector.Length);
            writer.WriteBlock<float>(vector);
        }

        writer.WriteVarUInt((uint)point.Sparse.Count);
        foreach (var (name, vector) in point.Sparse)
        {
            writer.WriteString(name);
            writer.WriteVarUInt((uint)vector.Count);
            writer.WriteBlock<uint>(vector.Indices);
            writer.WriteBlock<float>(vector.Values);
        }

        PayloadBinary.Write(ref writer, point.Payload);
        if (writer.Position != destination.Length)
        {
            throw new InvalidOperationException(
                $"A point was measured at {destination.Length} bytes but wrote {writer.Position}.");
        }
    }

    /// <summary>The bytes of an id alone: a kind byte, then 8 bytes of number or 16 bytes of UUID.</summary>
    public static int MeasureId(PointId id) => 1 + (id.IsUuid ? 16 : 8);

    public static void WriteId(ref BinarySpanWriter writer, PointId id)
    {
        if (id.IsUuid)
        {
            writer.WriteByte(UuidId);
            Span<byte> uuid = stackalloc byte[16];
            id.Uuid.TryWriteBytes(uuid, bigEndian: true, out _);
            writer.WriteBytes(uuid);
        }
        else
        {
            writer.WriteByte(NumberId);
            writer.WriteUInt64(id.Number);
        }
    }

    public static PointId ReadId(ref BinarySpanReader reader) => reader.ReadByte() switch
    {
        NumberId => PointId.FromNumber(reader.ReadUInt64()),
        UuidId => PointId.FromUuid(new Guid(reader.ReadBytes(16), bigEndian: true)),
        var kind => throw new InvalidDataException($"Unknown point id kind {kind}."),
    };

    public static byte[] Encode(VectorPoint point)
    {
        var bytes = new byte[Measure(point)];
        Write(point, bytes);
        return bytes;
    }

    /// <summary>Reads a point written by <see cref="Write"/>; anything malformed or truncated throws <see cref="InvalidDataException"/>.</summary>
    public static VectorPoint Read(ReadOnlySpan<byte> data)
    {
        var reader = new BinarySpanReader(data);
        var version = reader.ReadByte();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unknown binary point format {version} (expected {FormatVersion}).");
        }

        var id = ReadId(ref reader);

        // A vector takes at least two bytes: an empty name and a zero length.
        var denseCount = reader.ReadItemCount(2);
        var dense = new Dictionary<string, float[]>(denseCount, StringComparer.Ordinal);
        for (var i = 0; i < denseCount; i++)
        {
            var name = reader.ReadString();
            dense[name] = reader.ReadBlock<float>(reader.ReadCount());
        }

        var sparseCount = reader.ReadItemCount(2);
        var sparse = new Dictionary<string, SparseVector>(sparseCount, StringComparer.Ordinal);
        for (var i = 0; i < sparseCount; i++)
        {
            var name = reader.ReadString();
            var count = reader.ReadCount();
            var indices = reader.ReadBlock<uint>(count);
            sparse[name] = new SparseVector(indices, reader.ReadBlock<float>(count));
        }

        var payload = PayloadBinary.Read(ref reader);
        if (!reader.AtEnd)
        {
            throw new InvalidDataException("Unexpected bytes after the end of a point.");
        }

        return new VectorPoint
        {
            Id = id,
            Dense = dense.Count == 0 ? VectorPoint.NoDense : dense,
            Sparse = sparse.Count == 0 ? VectorPoint.NoSparse : sparse,
            Payload = payload.Count == 0 ? Payloads.Empty : payload,
        };
    }
}
