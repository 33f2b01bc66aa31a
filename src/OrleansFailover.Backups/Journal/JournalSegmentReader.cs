using System.Buffers;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace OrleansFailover.Backups.Journal;

/// <summary>What reading one journal segment found: its records, and how much of a torn last record was dropped.</summary>
public sealed record JournalSegmentContent(IReadOnlyList<JournalRecord> Records, long ValidLength, long DroppedTailBytes);

/// <summary>What scanning one journal segment found: the records' fixed fields only.</summary>
public sealed record JournalSegmentScan(IReadOnlyList<JournalRecordHeader> Records, IReadOnlyList<long> Offsets, long ValidLength, long DroppedTailBytes);

/// <summary>The journal is damaged: a record that was whole when it was acknowledged no longer is.</summary>
public sealed class JournalCorruptException(string message) : IOException(message);

/// <summary>
/// Reads a journal segment frame by frame. A frame is valid when its body is at least a record's fixed fields and at
/// most <see cref="JournalCodec.MaxBodyBytes"/>, it fits in the file, its checksum matches, and its fixed fields decode
/// with a sequence after the previous record's. Only one thing may end a segment early without an error: a torn last
/// record of the <em>last</em> segment, which is what a crash in the middle of an append leaves (it was never
/// acknowledged). The first invalid frame of a segment before the last is damage (that segment was fsynced and closed
/// before the next one began); in the last segment it is damage too if any valid frame follows it. Damage is never
/// guessed around: it throws <see cref="JournalCorruptException"/> naming the file and the byte offset.
/// Every frame's checksum is checked; only the records asked for are decoded whole.
/// </summary>
public static class JournalSegmentReader
{
    /// <summary>How much of a torn tail is read at once while looking for a whole frame after it.</summary>
    private const int ScanWindowBytes = 1 << 20;

    /// <summary>A frame header and a body's fixed fields: what the scan checks at each offset before computing a checksum.</summary>
    private const int ProbeBytes = JournalCodec.FrameHeaderBytes + JournalCodec.BodyHeaderBytes;

    /// <summary>The first bytes of every segment: "OFJRNL" and the segment format, 01.</summary>
    public static ReadOnlySpan<byte> Magic => "OFJRNL01"u8;

    /// <summary>
    /// The records from <paramref name="fromSequence"/> on, decoded whole. <paramref name="isLastSegment"/>: whether the
    /// segment is the journal's last, the only one that may end in a torn record; <paramref name="afterSequence"/>: the
    /// sequence the segment's records must all come after (its first sequence less one).
    /// </summary>
    public static JournalSegmentContent Read(string path, bool isLastSegment, long afterSequence = 0, long fromSequence = 0)
    {
        var records = new List<JournalRecord>();
        var (valid, dropped) = Walk(path, isLastSegment, afterSequence, (offset, header, body) =>
        {
            if (header.Sequence >= fromSequence)
            {
                records.Add(DecodeBody(path, offset, body));
            }
        });
        return new JournalSegmentContent(records, valid, dropped);
    }

    /// <summary>
    /// The records of a live segment between two byte offsets, decoded whole: the journal knows where a record begins
    /// (<paramref name="startOffset"/>, after <paramref name="afterSequence"/>) and how far it has written
    /// (<paramref name="endOffset"/>), so a reader neither walks from the start nor sees an append under way.
    /// </summary>
    public static IReadOnlyList<JournalRecord> ReadRange(string path, long startOffset, long endOffset, long afterSequence)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 16);
        file.Position = startOffset;
        var records = new List<JournalRecord>();
        var offset = startOffset;
        var previous = afterSequence;
        while (offset < endOffset)
        {
            var problem = ReadFrame(file, endOffset - offset, previous, out var header, out var body);
            if (problem is not null)
            {
                throw new JournalCorruptException($"Journal segment '{path}': the record at byte {offset} {problem}, inside what was written and acknowledged: the journal is damaged.");
            }

            records.Add(DecodeBody(path, offset, body!));
            previous = header.Sequence;
            offset += JournalCodec.FrameHeaderBytes + body!.Length;
        }

        return records;
    }

    /// <summary>Every record's fixed fields and where it begins, without decoding points: what opening a journal needs.</summary>
    public static JournalSegmentScan Scan(string path, bool isLastSegment, long afterSequence = 0)
    {
        var headers = new List<JournalRecordHeader>();
        var offsets = new List<long>();
        var (valid, dropped) = Walk(path, isLastSegment, afterSequence, (offset, header, _) =>
        {
            headers.Add(header);
            offsets.Add(offset);
        });
        return new JournalSegmentScan(headers, offsets, valid, dropped);
    }

    private static JournalRecord DecodeBody(string path, long offset, byte[] body)
    {
        try
        {
            return JournalCodec.DecodeBody(body);
        }
        catch (InvalidDataException exception)
        {
            throw new JournalCorruptException($"Journal segment '{path}': the record at byte {offset} cannot be read: {exception.Message}");
        }
    }

    /// <summary>Hands every valid frame's fixed fields and body to <paramref name="visit"/>; returns the valid length and the torn bytes after it.</summary>
    private static (long ValidLength, long DroppedTailBytes) Walk(
        string path, bool isLast, long afterSequence, Action<long, JournalRecordHeader, byte[]> visit)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 16);
        var length = file.Length;
        Span<byte> magic = stackalloc byte[8];
        if (file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) < magic.Length || !magic.SequenceEqual(Magic))
        {
            if (isLast && length <= Magic.Length)
            {
                // Created, then a crash before its magic reached the disk: no record was ever acknowledged in it.
                return (0, length);
            }

            throw new JournalCorruptException(length < Magic.Length
                ? $"Journal segment '{path}' is {length} bytes, shorter than the journal's magic bytes, yet a segment follows it: the journal is damaged."
                : $"Journal segment '{path}' does not start with the journal's magic bytes: it is not a journal or it is damaged.");
        }

        var offset = (long)Magic.Length;
        var previous = afterSequence;
        while (offset < length)
        {
            var problem = ReadFrame(file, length - offset, previous, out var header, out var body);
            if (problem is null)
            {
                visit(offset, header, body!);
                previous = header.Sequence;
                offset += JournalCodec.FrameHeaderBytes + body!.Length;
                continue;
            }

            if (!isLast)
            {
                throw Closed(path, offset, problem);
            }

            if (FindValidFrame(file.SafeFileHandle, offset + 1, length, previous) is { } following)
            {
                throw new JournalCorruptException(
                    $"Journal segment '{path}': the record at byte {offset} {problem}, yet a whole record (sequence {following.Sequence}) " +
                    $"follows at byte {following.Offset}: the journal is damaged before its end, not torn at it.");
            }

            // Nothing whole after it: the tail of an append that a crash interrupted, never acknowledged.
            return (offset, length - offset);
        }

        return (length, 0);
    }

    private static JournalCorruptException Closed(string path, long offset, string problem) => new(
        $"Journal segment '{path}': the record at byte {offset} {problem}. The segment was fsynced and closed before the next " +
        "one began, so it cannot end in a torn record: the journal is damaged.");

    /// <summary>Reads the frame at the stream's position; says what makes it invalid, or null.</summary>
    private static string? ReadFrame(FileStream file, long remaining, long previous, out JournalRecordHeader header, out byte[]? body)
    {
        header = default;
        body = null;
        if (remaining < JournalCodec.FrameHeaderBytes)
        {
            return $"is cut short: {remaining} bytes remain of its {JournalCodec.FrameHeaderBytes}-byte frame header";
        }

        Span<byte> frameHeader = stackalloc byte[JournalCodec.FrameHeaderBytes];
        file.ReadExactly(frameHeader);
        var (bodyLength, checksum) = JournalCodec.ReadFrameHeader(frameHeader);
        if (bodyLength < JournalCodec.BodyHeaderBytes)
        {
            return $"declares a body of {bodyLength} bytes, fewer than the {JournalCodec.BodyHeaderBytes} of a record's fixed fields";
        }

        if (bodyLength > JournalCodec.MaxBodyBytes)
        {
            return $"declares a body of {bodyLength:N0} bytes, over the limit of {JournalCodec.MaxBodyBytes:N0}";
        }

        if (JournalCodec.FrameHeaderBytes + (long)bodyLength > remaining)
        {
            return $"declares a body of {bodyLength:N0} bytes but only {remaining - JournalCodec.FrameHeaderBytes:N0} follow it in the file";
        }

        var bytes = new byte[bodyLength];
        file.ReadExactly(bytes);
        if (!JournalCodec.ChecksumMatches(bytes, checksum))
        {
            return "fails its checksum";
        }

        if (JournalCodec.FindHeaderProblem(bytes, previous, out header) is { } problem)
        {
            return $"cannot be read: {problem}";
        }

        body = bytes;
        return null;
    }

    /// <summary>
    /// The first offset from <paramref name="start"/> on where a valid frame begins, or null. Offsets are found by the
    /// format byte at their body's start, then checked for a plausible frame header and body start (a length in range
    /// that fits, a known origin and operation, a sequence after <paramref name="previous"/>, a valid time); only those
    /// few get their checksum computed.
    /// </summary>
    private static (long Offset, long Sequence)? FindValidFrame(SafeFileHandle file, long start, long length, long previous)
    {
        var window = ArrayPool<byte>.Shared.Rent(ScanWindowBytes + ProbeBytes);
        try
        {
            var position = start;
            while (length - position >= ProbeBytes)
            {
                var count = ReadAt(file, window.AsSpan(0, (int)Math.Min(window.Length, length - position)), position);
                if (count < ProbeBytes)
                {
                    return null; // the file shrank meanwhile
                }

                var candidates = count - ProbeBytes + 1;
                // A body starts with the format byte: a vectorized search for it skips most offsets without looking at them.
                var bodyStarts = window.AsSpan(JournalCodec.FrameHeaderBytes, candidates);
                for (var i = 0; i < candidates; i++)
                {
                    var skip = bodyStarts[i..].IndexOf(JournalCodec.FormatVersion);
                    if (skip < 0)
                    {
                        break;
                    }

                    i += skip;
                    var probe = window.AsSpan(i, ProbeBytes);
                    var (bodyLength, checksum) = JournalCodec.ReadFrameHeader(probe);
                    var at = position + i;
                    if (bodyLength < JournalCodec.BodyHeaderBytes || bodyLength > JournalCodec.MaxBodyBytes ||
                        at + JournalCodec.FrameHeaderBytes + bodyLength > length ||
                        JournalCodec.FindHeaderProblem(probe[JournalCodec.FrameHeaderBytes..], previous, out var header) is not null)
                    {
                        continue;
                    }

                    if (ChecksumOf(file, at + JournalCodec.FrameHeaderBytes, bodyLength) == checksum)
                    {
                        return (at, header.Sequence);
                    }
                }

                // The next window starts at the first offset this one could not probe whole.
                position += candidates;
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(window);
        }
    }

    private static uint? ChecksumOf(SafeFileHandle file, long offset, int length)
    {
        var crc = new Crc32();
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(length, ScanWindowBytes));
        try
        {
            while (length > 0)
            {
                var read = RandomAccess.Read(file, buffer.AsSpan(0, Math.Min(length, buffer.Length)), offset);
                if (read == 0)
                {
                    return null; // the file shrank meanwhile: no whole frame here
                }

                crc.Append(buffer.AsSpan(0, read));
                offset += read;
                length -= read;
            }

            return crc.GetCurrentHashAsUInt32();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int ReadAt(SafeFileHandle file, Span<byte> destination, long offset)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var read = RandomAccess.Read(file, destination[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
