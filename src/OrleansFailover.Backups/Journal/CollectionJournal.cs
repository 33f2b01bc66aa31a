using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using OrleansFailover.Backups.Storage;
using OrleansFailover.Contracts;

using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Backups.Journal;

/// <summary>
/// One collection's journal of writes: append-only segment files (<c>segment-&lt;first sequence&gt;.log</c>) in
/// the collection's <c>journal</c> folder, and the sequence sync-back has replayed through. Failover writes wait
/// for <see cref="WaitDurableAsync"/> (fsync, shared by every append that arrived meanwhile: group commit);
/// writes Qdrant already holds are flushed within <see cref="LazyFlushDelay"/>. Opening the journal drops a
/// torn last record (never misread) and truncates it away, so appends continue after the last whole record.
/// A record larger than the journal can read back is refused before anything is written
/// (<see cref="JournalRecordTooLargeException"/>). A failed write or fsync stops the journal (fail-stop, see
/// <see cref="Failure"/>) until it is reopened. One writer at a time: the collection's grain.
/// </summary>
public sealed class CollectionJournal : IJournalAppender, IDisposable
{
    public const string FolderName = "journal";

    /// <summary>How long a write that Qdrant already holds may sit in the page cache before it is fsynced.</summary>
    public static readonly TimeSpan LazyFlushDelay = TimeSpan.FromMilliseconds(200);

    private const string SegmentPrefix = "segment-";
    private const string SegmentExtension = ".log";
    private const string ReplayedFileName = "replayed-through";

    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<SegmentStats> _segments = [];
    private readonly List<long> _failoverSequences = [];
    private SafeFileHandle _active = null!;
    private FileStream _activeSync = null!;
    private long _activeLength;
    private long _nextSequence = 1;
    private long _durableThrough;
    private long _replayedThrough;
    private long _droppedTornBytes;
    private Task? _flush;
    private JournalFailedException? _failure;
    private bool _lazyFlushScheduled;
    private bool _disposed;

    private CollectionJournal(string directory, TimeProvider time)
    {
        _directory = directory;
        _time = time;
    }

    /// <summary>The last failure of a background flush, if the latest one failed.</summary>
    public Exception? LastFlushError { get; private set; }

    /// <summary>Every record up to this sequence is on disk (fsynced): what a failure cannot take back.</summary>
    public long DurableThrough
    {
        get
        {
            lock (_gate)
            {
                return _durableThrough;
            }
        }
    }

    /// <summary>
    /// Why the journal stopped, or null while it works. After a failed write or fsync, what reached the disk past
    /// <see cref="DurableThrough"/> is unknown, and the page cache no longer tells (Linux may have dropped the dirty pages
    /// and cleared the error, so a second fsync can succeed without writing them): the journal refuses every later
    /// append and wait with this error, and only a fresh open, which reads what the disk holds, makes it usable again.
    /// </summary>
    public JournalFailedException? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failure;
            }
        }
    }

    /// <summary>Makes the active segment durable. Tests replace it to make an fsync fail; nothing else does.</summary>
    internal Action<FileStream> Fsync { get; set; } = static file => file.Flush(flushToDisk: true);

    public long NextSequence
    {
        get
        {
            lock (_gate)
            {
                return _nextSequence;
            }
        }
    }

    public long ReplayedThrough
    {
        get
        {
            lock (_gate)
            {
                return _replayedThrough;
            }
        }
    }

    /// <summary>Opens (creating when missing) the journal in <paramref name="collectionDirectory"/>.</summary>
    public static CollectionJournal Open(string collectionDirectory, TimeProvider time)
    {
        var directory = Path.Combine(collectionDirectory, FolderName);
        Directory.CreateDirectory(directory);
        var journal = new CollectionJournal(directory, time);
        journal.Load();
        return journal;
    }

    /// <summary>Appends a write and returns it with its sequence number; it reaches the disk on the next flush.</summary>
    public JournalRecord Append(
        JournalOrigin origin, JournalOperation operation, IReadOnlyList<VectorPoint> points, IReadOnlyList<PointId> deletedIds,
        IReadOnlyList<PriorImage>? prior = null)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ThrowIfFailed();
            var record = new JournalRecord
            {
                Sequence = _nextSequence,
                AcceptedAt = _time.GetUtcNow(),
                Origin = origin,
                Operation = operation,
                Points = points,
                DeletedIds = deletedIds,
                Prior = prior ?? [],
            };
            // Measured before anything is written: a body the journal could not read back must never be acknowledged.
            var measured = JournalCodec.Measure(record);
            if (measured - JournalCodec.FrameHeaderBytes > JournalCodec.MaxBodyBytes)
            {
                throw new JournalRecordTooLargeException(measured - JournalCodec.FrameHeaderBytes, JournalCodec.MaxBodyBytes);
            }

            // A batch of 768-dimension points is hundreds of kilobytes: a pooled buffer spares the large-object heap.
            var length = (int)measured;
            var frame = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                JournalCodec.Encode(record, frame.AsSpan(0, length));
                RandomAccess.Write(_active, frame.AsSpan(0, length), _activeLength);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Part of the frame may be in the file, past what the journal knows: stop, a reopen sorts it out.
                throw Refusal(Fail("writing a record", exception));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(frame);
            }

            var segment = _segments[^1];
            segment.Index(record.Sequence, _activeLength);
            _activeLength += length;
            _nextSequence++;
            segment.Add(length, record.AcceptedAt);
            if (origin == JournalOrigin.Failover)
            {
                _failoverSequences.Add(record.Sequence);
            }

            return record;
        }
    }

    /// <summary>
    /// Completes once every record up to <paramref name="sequence"/> is on disk (fsync). Throws
    /// <see cref="JournalFailedException"/> when the journal failed before that sequence became durable.
    /// </summary>
    public async Task WaitDurableAsync(long sequence)
    {
        while (true)
        {
            Task flush;
            lock (_gate)
            {
                if (_durableThrough >= sequence)
                {
                    return;
                }

                ThrowIfFailed();
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_flush is null || _flush.IsCompleted)
                {
                    _flush = BlockingIo.RunAsync(FlushOnce);
                }

                flush = _flush;
            }

            // A flush that began before this record was appended may not cover it: the loop starts the next one.
            // A flush never throws: a failure is recorded, and the loop turns it into this waiter's error.
            await flush;
        }
    }

    /// <summary>Makes sure a write appended without waiting reaches the disk within <see cref="LazyFlushDelay"/>.</summary>
    public void FlushSoon()
    {
        lock (_gate)
        {
            if (_lazyFlushScheduled || _disposed || _failure is not null)
            {
                return;
            }

            _lazyFlushScheduled = true;
        }

        _ = LazyFlushAsync();
    }

    /// <summary>Fsyncs everything appended so far.</summary>
    public Task FlushAsync() => WaitDurableAsync(NextSequence - 1);

    /// <summary>
    /// Ends the current segment (fsynced) and starts a new one at <see cref="NextSequence"/>: a full sync starts one,
    /// so that once its generation is published the segments before it can go.
    /// </summary>
    public long StartSegment()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ThrowIfFailed();
            if (_segments[^1].Records == 0)
            {
                return _nextSequence;
            }

            try
            {
                Fsync(_activeSync);
                _durableThrough = _nextSequence - 1;
                CloseActive();
                OpenActive(_nextSequence, create: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw Refusal(Fail("ending a segment", exception));
            }

            return _nextSequence;
        }
    }

    /// <summary>
    /// Deletes whole segments whose records all come before <paramref name="sequence"/>; the active one stays. Whatever
    /// <paramref name="sequence"/> says, a segment holding a failover write that sync-back has not replayed stays, and so
    /// does every segment after it (the journal stays contiguous): that write is nowhere else.
    /// </summary>
    public int DropBefore(long sequence)
    {
        lock (_gate)
        {
            var dropped = 0;
            while (_segments.Count > 1 && _segments[1].FirstSequence <= sequence &&
                   !HoldsPendingFailover(_segments[0].FirstSequence, _segments[1].FirstSequence))
            {
                File.Delete(_segments[0].Path);
                _segments.RemoveAt(0);
                dropped++;
            }

            if (dropped > 0)
            {
                var first = _segments[0].FirstSequence;
                _failoverSequences.RemoveAll(s => s < first);
                DirectorySync.Flush(_directory);
            }

            return dropped;
        }
    }

    /// <summary>The records from <paramref name="sequence"/> on, in order, read from disk.</summary>
    public IReadOnlyList<JournalRecord> ReadFrom(long sequence)
    {
        // What is written so far, taken together: a reader reads up to there, never into an append under way.
        (string Path, long Start, long End, long After)[] ranges;
        lock (_gate)
        {
            ranges = _segments
                .Select((segment, i) => (Segment: segment, End: i + 1 == _segments.Count ? _activeLength : segment.Bytes))
                .Where(s => s.Segment.LastSequence >= sequence)
                .Select(s =>
                {
                    var (first, start) = s.Segment.Locate(Math.Max(sequence, s.Segment.FirstSequence));
                    return (s.Segment.Path, start, s.End, first - 1);
                })
                .Where(range => range.start < range.End)
                .ToArray();
        }

        var records = new List<JournalRecord>();
        foreach (var (path, start, end, after) in ranges)
        {
            records.AddRange(JournalSegmentReader.ReadRange(path, start, end, after));
        }

        return records;
    }

    /// <summary>Remembers, durably, that sync-back has replayed every failover record up to <paramref name="sequence"/>.</summary>
    public Task MarkReplayedAsync(long sequence) => BlockingIo.RunAsync(() => MarkReplayed(sequence));

    private void MarkReplayed(long sequence)
    {
        lock (_gate)
        {
            if (sequence <= _replayedThrough)
            {
                return;
            }

            DurableFile.Replace(Path.Combine(_directory, ReplayedFileName), Encoding.ASCII.GetBytes(sequence.ToString(CultureInfo.InvariantCulture)));
            _replayedThrough = sequence;
        }
    }

    /// <summary>Failover records sync-back has not replayed yet.</summary>
    public long PendingRecords
    {
        get
        {
            lock (_gate)
            {
                return CountPending();
            }
        }
    }

    /// <summary>The journal at a glance, as status shows it.</summary>
    public JournalStatus Summarize()
    {
        lock (_gate)
        {
            return new JournalStatus
            {
                SizeBytes = _segments.Sum(s => s.Bytes),
                Segments = _segments.Count,
                Records = _segments.Sum(s => s.Records),
                OldestRecordAt = _segments.Select(s => s.Oldest).FirstOrDefault(o => o is not null),
                NextSequence = _nextSequence,
                ReplayedThrough = _replayedThrough,
                PendingRecords = CountPending(),
                DroppedTornBytes = _droppedTornBytes,
                Error = _failure?.Message ?? LastFlushError?.Message,
            };
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                // After a failure an fsync proves nothing (see Failure): the next open reads what the disk holds.
                if (_failure is null)
                {
                    Fsync(_activeSync);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw Refusal(Fail("closing", exception));
            }
            finally
            {
                CloseActive();
            }
        }
    }

    /// <summary>Whether a failover record with a sequence from <paramref name="first"/> up to <paramref name="next"/> (excluded) is not replayed yet.</summary>
    private bool HoldsPendingFailover(long first, long next)
    {
        var from = Math.Max(first, _replayedThrough + 1);
        var index = _failoverSequences.BinarySearch(from);
        index = index >= 0 ? index : ~index;
        return index < _failoverSequences.Count && _failoverSequences[index] < next;
    }

    private long CountPending()
    {
        var replayed = _replayedThrough;
        var index = _failoverSequences.BinarySearch(replayed + 1);
        return _failoverSequences.Count - (index >= 0 ? index : ~index);
    }

    private void Load()
    {
        var replayedPath = Path.Combine(_directory, ReplayedFileName);
        if (File.Exists(replayedPath) &&
            long.TryParse(File.ReadAllText(replayedPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var replayed))
        {
            _replayedThrough = replayed;
        }

        var files = Directory.EnumerateFiles(_directory, SegmentPrefix + "*" + SegmentExtension)
            .Select(path => (Path: path, First: ParseFirstSequence(path)))
            .Where(s => s.First is not null)
            .OrderBy(s => s.First)
            .ToArray();
        for (var i = 0; i < files.Length; i++)
        {
            var (path, first) = files[i];
            // Only the last segment may end in a torn record: the others were fsynced and closed before the next began.
            var content = JournalSegmentReader.Scan(path, isLastSegment: i == files.Length - 1, afterSequence: first!.Value - 1);
            if (content.DroppedTailBytes > 0 || content.ValidLength < JournalSegmentReader.Magic.Length)
            {
                // A crash in the middle of an append: the torn record was never acknowledged.
                _droppedTornBytes += content.DroppedTailBytes;
                using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
                if (content.ValidLength < JournalSegmentReader.Magic.Length)
                {
                    // A crash before the new segment's magic reached the disk: it holds nothing, so it starts over.
                    // (Extending it with zeros instead would leave a segment no later open recognizes.)
                    file.SetLength(0);
                    file.Write(JournalSegmentReader.Magic);
                }
                else
                {
                    file.SetLength(content.ValidLength);
                }

                file.Flush(flushToDisk: true);
            }

            var stats = new SegmentStats(first.Value, path);
            for (var r = 0; r < content.Records.Count; r++)
            {
                var record = content.Records[r];
                stats.Index(record.Sequence, content.Offsets[r]);
                stats.Add(0, record.AcceptedAt);
                if (record.Origin == JournalOrigin.Failover)
                {
                    _failoverSequences.Add(record.Sequence);
                }

                _nextSequence = Math.Max(_nextSequence, record.Sequence + 1);
            }

            stats.Bytes = Math.Max(content.ValidLength, JournalSegmentReader.Magic.Length);
            _nextSequence = Math.Max(_nextSequence, first.Value);
            _segments.Add(stats);
        }

        // A sequence the replay checkpoint has passed is never handed out again, even if its record did not survive:
        // a new write with it would count as replayed and never reach Qdrant.
        _nextSequence = Math.Max(_nextSequence, _replayedThrough + 1);

        _durableThrough = _nextSequence - 1;
        if (_segments.Count == 0)
        {
            OpenActive(_nextSequence, create: true);
        }
        else
        {
            OpenActive(_segments[^1].FirstSequence, create: false);
        }
    }

    private void OpenActive(long firstSequence, bool create)
    {
        var path = Path.Combine(_directory, $"{SegmentPrefix}{firstSequence:D20}{SegmentExtension}");
        _active = File.OpenHandle(path, create ? FileMode.CreateNew : FileMode.Open, FileAccess.Write, FileShare.Read);
        _activeSync = new FileStream(_active, FileAccess.Write, bufferSize: 0);
        if (create)
        {
            RandomAccess.Write(_active, JournalSegmentReader.Magic, 0);
            Fsync(_activeSync);
            DirectorySync.Flush(_directory);
            _segments.Add(new SegmentStats(firstSequence, path) { Bytes = JournalSegmentReader.Magic.Length });
        }

        _activeLength = RandomAccess.GetLength(_active);
    }

    private void CloseActive()
    {
        _activeSync.Dispose();
        _active.Dispose();
    }

    private void FlushOnce()
    {
        FileStream file;
        long through;
        lock (_gate)
        {
            if (_failure is not null)
            {
                return;
            }

            file = _activeSync;
            through = _nextSequence - 1;
        }

        try
        {
            Fsync(file);
        }
        catch (ObjectDisposedException)
        {
            // The segment was ended (fsynced on the way) or the journal closed: the loop in WaitDurableAsync re-checks.
            return;
        }
        catch (Exception exception)
        {
            // Every waiter above the durable point fails (WaitDurableAsync re-checks), and so does everything after.
            lock (_gate)
            {
                Fail("an fsync", exception);
            }

            return;
        }

        lock (_gate)
        {
            _durableThrough = Math.Max(_durableThrough, through);
        }
    }

    /// <summary>Stops the journal (the first failure is the one that counts); call under the lock.</summary>
    private JournalFailedException Fail(string what, Exception cause) =>
        _failure ??= new JournalFailedException(
            $"The journal in '{_directory}' stopped: {what} failed ({cause.Message}). Records after sequence {_durableThrough} " +
            "may not be on disk; it takes no more writes until it is reopened.",
            cause);

    /// <summary>The stored failure, thrown afresh each time (one exception object thrown on several threads at once races on its stack trace).</summary>
    private static JournalFailedException Refusal(JournalFailedException failure) => new(failure.Message, failure.InnerException!);

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw Refusal(failure);
        }
    }

    private async Task LazyFlushAsync()
    {
        try
        {
            await Task.Delay(LazyFlushDelay, _time);
            lock (_gate)
            {
                _lazyFlushScheduled = false;
                if (_disposed)
                {
                    return;
                }
            }

            await FlushAsync();
            LastFlushError = null;
        }
        catch (Exception exception)
        {
            LastFlushError = exception;
        }
    }

    private static long? ParseFirstSequence(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return long.TryParse(name.AsSpan(SegmentPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            ? first
            : null;
    }

    private sealed class SegmentStats(long firstSequence, string path)
    {
        private readonly List<long> _sequences = [];
        private readonly List<long> _offsets = [];

        public long FirstSequence { get; } = firstSequence;

        /// <summary>The sequence of the segment's last record (one before its first when it holds none).</summary>
        public long LastSequence => _sequences.Count > 0 ? _sequences[^1] : FirstSequence - 1;

        public string Path { get; } = path;

        public long Bytes { get; set; }

        public long Records { get; private set; }

        public DateTimeOffset? Oldest { get; private set; }

        public void Add(long bytes, DateTimeOffset acceptedAt)
        {
            Bytes += bytes;
            Records++;
            Oldest ??= acceptedAt;
        }

        /// <summary>Remembers where a record begins, so a read from it need not walk the segment from its start.</summary>
        public void Index(long sequence, long offset)
        {
            _sequences.Add(sequence);
            _offsets.Add(offset);
        }

        /// <summary>The first record at or after <paramref name="sequence"/>: its sequence and where it begins.</summary>
        public (long Sequence, long Offset) Locate(long sequence)
        {
            var index = _sequences.BinarySearch(sequence);
            if (index < 0)
            {
                index = ~index;
            }

            return index < _sequences.Count ? (_sequences[index], _offsets[index]) : (LastSequence + 1, Bytes);
        }
    }
}
