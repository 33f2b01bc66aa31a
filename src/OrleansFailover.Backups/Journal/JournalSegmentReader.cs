namespace OrleansFailover.Backups.Journal;

/// <summary>What reading one journal segment found: its records, and how much of a torn last record was dropped.</summary>
public sealed record JournalSegmentContent(IReadOnlyList<JournalRecord> Records, long ValidLength, long DroppedTailBytes);

/// <summary>The journal is damaged before its end: records follow a record that fails its checksum.</summary>
public sealed class JournalCorruptException(string message) : IOException(message);

/// <summary>
/// Reads a journal segment frame by frame. A last record that is incomplete or fails its checksum is what a crash
/// in the middle of an append leaves: it is dropped (it was never acknowledged). Damage anywhere else is not
/// guessed around: it throws <see cref="JournalCorruptException"/> saying where.
/// </summary>
public static class JournalSegmentReader
{
    /// <summary>The first bytes of every segment: "OFJRNL" and the segment format, 01.</summary>
    public static ReadOnlySpan<byte> Magic => "OFJRNL01"u8;

    public static JournalSegmentContent Read(string path, long fromSequence = 0)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 16);
        var length = file.Length;
        Span<byte> magic = stackalloc byte[8];
        if (file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) < magic.Length)
        {
            // Created, then a crash before the magic reached the disk: an empty segment.
            return new JournalSegmentContent([], 0, length);
        }

        if (!magic.SequenceEqual(Magic))
        {
            throw new JournalCorruptException($"Journal segment '{path}' does not start with the journal's magic bytes: it is not a journal or it is damaged.");
        }

        var records = new List<JournalRecord>();
        Span<byte> header = stackalloc byte[JournalCodec.FrameHeaderBytes];
        var offset = (long)Magic.Length;
        while (offset < length)
        {
            var remaining = length - offset;
            if (remaining < JournalCodec.FrameHeaderBytes)
            {
                return Torn(records, offset, length);
            }

            file.ReadExactly(header);
            var (bodyLength, checksum) = JournalCodec.ReadFrameHeader(header);
            var frameLength = JournalCodec.FrameHeaderBytes + (long)bodyLength;
            if (bodyLength > JournalCodec.MaxBodyBytes || frameLength > remaining)
            {
                return Torn(records, offset, length);
            }

            var body = new byte[bodyLength];
            file.ReadExactly(body);
            if (!JournalCodec.ChecksumMatches(body, checksum))
            {
                if (offset + frameLength == length)
                {
                    return Torn(records, offset, length);
                }

                throw new JournalCorruptException(
                    $"Journal segment '{path}': the record at byte {offset} fails its checksum and {length - offset - frameLength} bytes follow it: the journal is damaged.");
            }

            JournalRecord record;
            try
            {
                record = JournalCodec.DecodeBody(body);
            }
            catch (InvalidDataException exception)
            {
                throw new JournalCorruptException($"Journal segment '{path}': the record at byte {offset} cannot be read: {exception.Message}");
            }

            if (record.Sequence >= fromSequence)
            {
                records.Add(record);
            }

            offset += frameLength;
        }

        return new JournalSegmentContent(records, length, 0);
    }

    private static JournalSegmentContent Torn(List<JournalRecord> records, long validLength, long length) =>
        new(records, validLength, length - validLength);
}
