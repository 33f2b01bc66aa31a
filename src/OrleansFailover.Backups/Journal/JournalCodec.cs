using System.Buffers.Binary;
using System.IO.Hashing;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Serialization;

namespace OrleansFailover.Backups.Journal;

/// <summary>
/// A journal record on disk, framed so that a torn or damaged record is detected and never misread:
/// <c>[uint32 length][uint32 CRC-32 of the body][body]</c>, little-endian. The body: a format byte, origin,
/// operation, sequence (int64), accepted time (int64 Unix milliseconds), then the points (each a length and
/// its <see cref="PointBinary"/> bytes) or the ids, then the prior images.
/// </summary>
public static class JournalCodec
{
    public const int FrameHeaderBytes = 8;

    /// <summary>A record's body may not exceed this: a length beyond it is damage, not a record.</summary>
    public const int MaxBodyBytes = 256 * 1024 * 1024;

    /// <summary>Bytes of the fixed fields at the start of a body (format, origin, operation, sequence, time): no body is shorter.</summary>
    public const int BodyHeaderBytes = 3 + 8 + 8;

    /// <summary>The first byte of every body: the record format.</summary>
    public const byte FormatVersion = 1;

    private static readonly long MinUnixMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>
    /// The bytes <see cref="Encode"/> writes for <paramref name="record"/>, frame header included, counted without encoding
    /// anything. A long: a batch can exceed what an int holds, and must be measured to be refused.
    /// </summary>
    public static long Measure(JournalRecord record) => FrameHeaderBytes + MeasureBody(record);

    /// <summary>Writes the framed record into <paramref name="frame"/>, which holds exactly <see cref="Measure"/> bytes.</summary>
    public static void Encode(JournalRecord record, Span<byte> frame)
    {
        var bodyLength = frame.Length - FrameHeaderBytes;
        var body = frame[FrameHeaderBytes..];
        var writer = new BinarySpanWriter(body);
        writer.WriteByte(FormatVersion);
        writer.WriteByte((byte)record.Origin);
        writer.WriteByte((byte)record.Operation);
        writer.WriteInt64(record.Sequence);
        writer.WriteInt64(record.AcceptedAt.ToUnixTimeMilliseconds());
        if (record.Operation == JournalOperation.Upsert)
        {
            writer.WriteVarUInt((uint)record.Points.Count);
            foreach (var point in record.Points)
            {
                WritePoint(ref writer, point);
            }
        }
        else
        {
            writer.WriteVarUInt((uint)record.DeletedIds.Count);
            foreach (var id in record.DeletedIds)
            {
                PointBinary.WriteId(ref writer, id);
            }
        }

        writer.WriteVarUInt((uint)record.Prior.Count);
        foreach (var prior in record.Prior)
        {
            PointBinary.WriteId(ref writer, prior.Id);
            writer.WriteByte(prior.Point is null ? (byte)0 : (byte)1);
            if (prior.Point is not null)
            {
                WritePoint(ref writer, prior.Point);
            }
        }

        if (writer.Position != bodyLength)
        {
            throw new InvalidOperationException($"A journal record was measured at {bodyLength} bytes but wrote {writer.Position}.");
        }

        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Crc32.HashToUInt32(body));
    }

    /// <summary>Reads a frame header: the body's length and its checksum.</summary>
    public static (int Length, uint Checksum) ReadFrameHeader(ReadOnlySpan<byte> header) =>
        ((int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(header), int.MaxValue), BinaryPrimitives.ReadUInt32LittleEndian(header[4..]));

    public static bool ChecksumMatches(ReadOnlySpan<byte> body, uint checksum) => Crc32.HashToUInt32(body) == checksum;

    /// <summary>The fixed fields at the start of a body (format, origin, operation, sequence, time), without the points.</summary>
    public static JournalRecordHeader DecodeHeader(ReadOnlySpan<byte> body) =>
        FindHeaderProblem(body, long.MinValue, out var header) is { } problem ? throw new InvalidDataException(problem) : header;

    /// <summary>
    /// Decodes the fixed fields at the start of <paramref name="body"/> (only its first <see cref="BodyHeaderBytes"/> are
    /// looked at) and says what is wrong with them, or null: a known format and kind, a time a clock can show, and a
    /// sequence after <paramref name="afterSequence"/>. It never throws, so recovery can probe any byte offset with it.
    /// </summary>
    public static string? FindHeaderProblem(ReadOnlySpan<byte> body, long afterSequence, out JournalRecordHeader header)
    {
        header = default;
        if (body.Length < BodyHeaderBytes)
        {
            return $"The body has {body.Length} bytes, fewer than the {BodyHeaderBytes} of a record's fixed fields.";
        }

        if (body[0] != FormatVersion)
        {
            return $"Unknown journal record format {body[0]} (expected {FormatVersion}).";
        }

        var origin = (JournalOrigin)body[1];
        var operation = (JournalOperation)body[2];
        if (!Enum.IsDefined(origin) || !Enum.IsDefined(operation))
        {
            return $"Unknown journal record kind (origin {(byte)origin}, operation {(byte)operation}).";
        }

        var sequence = BinaryPrimitives.ReadInt64LittleEndian(body[3..]);
        if (sequence <= afterSequence)
        {
            return $"Sequence {sequence} does not come after {afterSequence}.";
        }

        var milliseconds = BinaryPrimitives.ReadInt64LittleEndian(body[11..]);
        if (milliseconds < MinUnixMilliseconds || milliseconds > MaxUnixMilliseconds)
        {
            return $"The acceptance time {milliseconds} ms is not a time.";
        }

        header = new JournalRecordHeader(sequence, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), origin, operation);
        return null;
    }

    /// <summary>Decodes a body whose checksum matched; a malformed one throws <see cref="InvalidDataException"/>.</summary>
    public static JournalRecord DecodeBody(ReadOnlySpan<byte> body)
    {
        var (sequence, acceptedAt, origin, operation) = DecodeHeader(body);
        var reader = new BinarySpanReader(body[BodyHeaderBytes..]);
        var points = new List<VectorPoint>();
        var ids = new List<PointId>();
        var count = reader.ReadItemCount(1);
        for (var i = 0; i < count; i++)
        {
            if (operation == JournalOperation.Upsert)
            {
                points.Add(PointBinary.Read(reader.ReadBytes(reader.ReadCount())));
            }
            else
            {
                ids.Add(PointBinary.ReadId(ref reader));
            }
        }

        var priorCount = reader.ReadItemCount(2);
        var prior = new List<PriorImage>(priorCount);
        for (var i = 0; i < priorCount; i++)
        {
            var id = PointBinary.ReadId(ref reader);
            prior.Add(new PriorImage(id, reader.ReadByte() == 0 ? null : PointBinary.Read(reader.ReadBytes(reader.ReadCount()))));
        }

        if (!reader.AtEnd)
        {
            throw new InvalidDataException("Unexpected bytes after the end of a journal record.");
        }

        return new JournalRecord
        {
            Sequence = sequence,
            AcceptedAt = acceptedAt,
            Origin = origin,
            Operation = operation,
            Points = points,
            DeletedIds = ids,
            Prior = prior,
        };
    }

    private static long MeasureBody(JournalRecord record)
    {
        long size = BodyHeaderBytes;
        if (record.Operation == JournalOperation.Upsert)
        {
            size += BinarySize.VarUInt((uint)record.Points.Count);
            foreach (var point in record.Points)
            {
                size += MeasurePoint(point);
            }
        }
        else
        {
            size += BinarySize.VarUInt((uint)record.DeletedIds.Count);
            foreach (var id in record.DeletedIds)
            {
                size += PointBinary.MeasureId(id);
            }
        }

        size += BinarySize.VarUInt((uint)record.Prior.Count);
        foreach (var prior in record.Prior)
        {
            size += PointBinary.MeasureId(prior.Id) + 1 + (prior.Point is null ? 0 : MeasurePoint(prior.Point));
        }

        return size;
    }

    private static long MeasurePoint(VectorPoint point)
    {
        var length = PointBinary.Measure(point);
        return BinarySize.VarUInt((uint)length) + (long)length;
    }

    private static void WritePoint(ref BinarySpanWriter writer, VectorPoint point)
    {
        var length = PointBinary.Measure(point);
        writer.WriteVarUInt((uint)length);
        PointBinary.Write(point, writer.Reserve(length));
    }
}
