namespace OrleansFailover.Backups.Journal;

/// <summary>What reading one journal segment found: its records, and how much of a torn last record was dropped.</summary>
public sealed record JournalSegmentContent(IReadOnlyList<JournalRecord> Records, long ValidLength, long DroppedTailBytes);

/// <summary>What scanning one journal segment found: the records' fixed fields only.</summary>
public sealed record JournalSegmentScan(IReadOnlyList<JournalRecordHeader> Records, long ValidLength, long DroppedTailBytes);

/// <summary>The journal is damaged before its end: records follow a record that fails its checksum.</summary>
public sealed class JournalCorruptException(string message) : IOException(message);

/// <summary>
/// Reads a journal segment frame by frame. A last record that is incomplete or fails its checksum is what a crash
/// in the middle of an append leaves: it is dropped (it was never acknowledged). Damage anywhere else is not
/// guessed around: it throws <see cref="JournalCorruptException"/> saying where. Every frame's checksum is checked;
/// only the records asked for are decoded whole.
/// </summary>
public static class JournalSegmentReader
{
    /// <summary>The first bytes of every segment: "OFJRNL" and the segment format, 01.</summary>
    public static ReadOnlySpan<byte> Magic => "OFJRNL01"u8;

    /// <summary>The records from <paramref name="fromSequence"/> on, decoded whole.</summary>
    public static JournalSegmentContent Read(string path, long fromSequence = 0)
    {
        var records = new List<JournalRecord>();
        var (valid, dropped) = Walk(path, (offset, body) =>
        {
            if (Decode(path, offset, JournalCodec.DecodeHeader, body).Sequence >= fromSequence)
            {
                records.Add(Decode(path, offset, JournalCodec.DecodeBody, body));
            }
        });
        return new JournalSegmentContent(records, valid, dropped);
    }

    /// <summary>Every record's fixed fields, without decoding points: what opening a journal needs.</summary>
    public static JournalSegmentScan Scan(string path)
    {
        var headers = new List<JournalRecordHeader>();
        var (valid, dropped) = Walk(path, (offset, body) => headers.Add(Decode(path, offset, JournalCodec.DecodeHeader, body)));
        return new JournalSegmentScan(headers, valid, dropped);
    }

    private delegate T BodyDecoder<out T>(ReadOnlySpan<byte> body);

    private static T Decode<T>(string path, long offset, BodyDecoder<T> decode, byte[] body)
    {
        try
        {
            return decode(body);
        }
        catch (InvalidDataException exception)
        {
            throw new JournalCorruptException($"Journal segment '{path}': the record at byte {offset} cannot be read: {exception.Message}");
        }
    }

    /// <summary>Hands every whole, checksummed frame's body to <paramref name="visit"/>; returns the valid length and the torn bytes after it.</summary>
    private static (long ValidLength, long DroppedTailBytes) Walk(string path, Action<long, byte[]> visit)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 16);
        var length = file.Length;
        Span<byte> magic = stackalloc byte[8];
        if (file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) < magic.Length)
        {
            // Created, then a crash before the magic reached the disk: an empty segment.
            return (0, length);
        }

        if (!magic.SequenceEqual(Magic))
        {
            throw new JournalCorruptException($"Journal segment '{path}' does not start with the journal's magic bytes: it is not a journal or it is damaged.");
        }

        Span<byte> header = stackalloc byte[JournalCodec.FrameHeaderBytes];
        var offset = (long)Magic.Length;
        while (offset < length)
        {
            var remaining = length - offset;
            if (remaining < JournalCodec.FrameHeaderBytes)
            {
                return (offset, length - offset);
            }

            file.ReadExactly(header);
            var (bodyLength, checksum) = JournalCodec.ReadFrameHeader(header);
            var frameLength = JournalCodec.FrameHeaderBytes + (long)bodyLength;
            if (bodyLength > JournalCodec.MaxBodyBytes || frameLength > remaining)
            {
                return (offset, length - offset);
            }

            var body = new byte[bodyLength];
            file.ReadExactly(body);
            if (!JournalCodec.ChecksumMatches(body, checksum))
            {
                if (offset + frameLength == length)
                {
                    return (offset, length - offset);
                }

                throw new JournalCorruptException(
                    $"Journal segment '{path}': the record at byte {offset} fails its checksum and {length - offset - frameLength} bytes follow it: the journal is damaged.");
            }

            visit(offset, body);
            offset += frameLength;
        }

        return (length, 0);
    }
}
