using System.Buffers.Binary;
using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.Testing;

namespace OrleansFailover.Backups.Tests;

/// <summary>The journal of writes: what is appended comes back whole and in order; a crash mid-append loses only the torn record.</summary>
public sealed class JournalTests : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private string SegmentPath => SegmentPaths.Single();

    private string[] SegmentPaths => Directory.GetFiles(Path.Combine(_root.Path, CollectionJournal.FolderName), "segment-*.log").Order().ToArray();

    [Fact]
    public async Task Records_come_back_whole_and_in_order_after_reopening()
    {
        var points = RoundTripTests.SamplePoints(6);
        using (var journal = CollectionJournal.Open(_root.Path, TimeProvider.System))
        {
            journal.Append(JournalOrigin.Primary, JournalOperation.Upsert, points.Take(3).ToArray(), []);
            journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [points[0].Id],
                [new PriorImage(points[0].Id, points[0]), new PriorImage(PointId.FromNumber(9), null)]);
            var last = journal.Append(JournalOrigin.Failover, JournalOperation.Upsert, points.Skip(3).ToArray(), []);
            await journal.WaitDurableAsync(last.Sequence);
        }

        using var reopened = CollectionJournal.Open(_root.Path, TimeProvider.System);
        var records = reopened.ReadFrom(1);
        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Sequence));
        Assert.Equal(points.Take(3), records[0].Points);
        Assert.Equal(JournalOrigin.Primary, records[0].Origin);
        Assert.Equal([points[0].Id], records[1].DeletedIds);
        Assert.Equal(points[0], records[1].Prior[0].Point);
        Assert.Null(records[1].Prior[1].Point);
        Assert.Equal(points.Skip(3), records[2].Points);
        Assert.Equal(4, reopened.NextSequence);
        Assert.Equal(2, reopened.Summarize().PendingRecords);
        Assert.Equal([3L], reopened.ReadFrom(3).Select(r => r.Sequence));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(9)]
    [InlineData(200)]
    public async Task A_torn_last_record_is_dropped_and_appends_continue_after_the_last_whole_one(int bytesCut)
    {
        var points = RoundTripTests.SamplePoints(4);
        using (var journal = CollectionJournal.Open(_root.Path, TimeProvider.System))
        {
            journal.Append(JournalOrigin.Failover, JournalOperation.Upsert, points.Take(2).ToArray(), []);
            var second = journal.Append(JournalOrigin.Failover, JournalOperation.Upsert, points.Skip(2).ToArray(), []);
            await journal.WaitDurableAsync(second.Sequence);
        }

        // A crash in the middle of the second append: only part of it reached the disk.
        using (var file = new FileStream(SegmentPath, FileMode.Open))
        {
            file.SetLength(file.Length - bytesCut);
        }

        using (var reopened = CollectionJournal.Open(_root.Path, TimeProvider.System))
        {
            Assert.Equal([1L], reopened.ReadFrom(1).Select(r => r.Sequence));
            Assert.True(reopened.Summarize().DroppedTornBytes > 0);
            var again = reopened.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [points[0].Id]);
            Assert.Equal(2, again.Sequence);
            await reopened.WaitDurableAsync(again.Sequence);
        }

        using var third = CollectionJournal.Open(_root.Path, TimeProvider.System);
        var records = third.ReadFrom(1);
        Assert.Equal([JournalOperation.Upsert, JournalOperation.Delete], records.Select(r => r.Operation));
        Assert.Equal(0, third.Summarize().DroppedTornBytes);
    }

    [Fact]
    public async Task A_last_record_with_flipped_bits_is_dropped_not_misread()
    {
        using (var journal = CollectionJournal.Open(_root.Path, TimeProvider.System))
        {
            journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(1)]);
            var last = journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(2)]);
            await journal.WaitDurableAsync(last.Sequence);
        }

        var bytes = File.ReadAllBytes(SegmentPath);
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(SegmentPath, bytes);

        using var reopened = CollectionJournal.Open(_root.Path, TimeProvider.System);
        var record = Assert.Single(reopened.ReadFrom(1));
        Assert.Equal([PointId.FromNumber(1)], record.DeletedIds);
    }

    [Fact]
    public async Task Damage_before_the_last_record_is_reported_with_where_it_is()
    {
        using (var journal = CollectionJournal.Open(_root.Path, TimeProvider.System))
        {
            journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(1)]);
            var last = journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(2)]);
            await journal.WaitDurableAsync(last.Sequence);
        }

        var bytes = File.ReadAllBytes(SegmentPath);
        bytes[JournalSegmentReader.Magic.Length + JournalCodec.FrameHeaderBytes + 4] ^= 0x01;
        File.WriteAllBytes(SegmentPath, bytes);

        var error = Assert.Throws<JournalCorruptException>(() => CollectionJournal.Open(_root.Path, TimeProvider.System));
        Assert.Contains("byte 8", error.Message);
        Assert.Contains("fails its checksum", error.Message);
    }

    [Fact]
    public async Task Concurrent_durable_appends_share_flushes_and_all_complete()
    {
        using var journal = CollectionJournal.Open(_root.Path, TimeProvider.System);
        var waits = Enumerable.Range(0, 200).Select(i =>
        {
            var record = journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber((ulong)i)]);
            return journal.WaitDurableAsync(record.Sequence);
        }).ToArray();

        await Task.WhenAll(waits);

        Assert.Equal(200, journal.ReadFrom(1).Count);
    }

    [Fact]
    public async Task Segments_before_a_published_generation_are_dropped_and_the_rest_stays_readable()
    {
        using var journal = CollectionJournal.Open(_root.Path, TimeProvider.System);
        journal.Append(JournalOrigin.Primary, JournalOperation.Delete, [], [PointId.FromNumber(1)]);
        journal.Append(JournalOrigin.Primary, JournalOperation.Delete, [], [PointId.FromNumber(2)]);
        var syncStartsAt = journal.StartSegment();
        journal.Append(JournalOrigin.Primary, JournalOperation.Delete, [], [PointId.FromNumber(3)]);
        await journal.FlushAsync();

        Assert.Equal(3, syncStartsAt);
        Assert.Equal(1, journal.DropBefore(syncStartsAt));

        Assert.Equal([3L], journal.ReadFrom(1).Select(r => r.Sequence));
        Assert.Equal(1, journal.Summarize().Segments);
    }

    [Fact]
    public async Task The_replay_checkpoint_survives_a_reopen_and_pending_counts_only_what_follows_it()
    {
        using (var journal = CollectionJournal.Open(_root.Path, TimeProvider.System))
        {
            for (var i = 1; i <= 5; i++)
            {
                journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber((ulong)i)]);
            }

            await journal.MarkReplayedAsync(3);
        }

        using var reopened = CollectionJournal.Open(_root.Path, TimeProvider.System);
        Assert.Equal(3, reopened.ReplayedThrough);
        Assert.Equal(2, reopened.PendingRecords);
    }

    [Theory]
    [InlineData(uint.MaxValue)] // beyond the limit of a body
    [InlineData(0x0FFF_FFFFu)] // within the limit, beyond the end of the file
    [InlineData(5u)] // shorter than a record's fixed fields
    public async Task A_damaged_length_in_the_middle_of_the_last_segment_is_reported_not_dropped(uint damagedLength)
    {
        using (var journal = CollectionJournal.Open(_root.Path, TimeProvider.System))
        {
            for (var i = 1; i <= 3; i++)
            {
                journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber((ulong)i)]);
            }

            await journal.FlushAsync();
        }

        var path = SegmentPath;
        var second = FrameOffsets(path)[1];
        var before = File.ReadAllBytes(path);
        WriteLength(path, second, damagedLength);

        var error = Assert.Throws<JournalCorruptException>(() => CollectionJournal.Open(_root.Path, TimeProvider.System));

        Assert.Contains(Path.GetFileName(path), error.Message, StringComparison.Ordinal);
        Assert.Contains($"byte {second}", error.Message, StringComparison.Ordinal);
        // Nothing was truncated away: the records after the damage are still there for an operator to recover.
        Assert.Equal(before.Length, new FileInfo(path).Length);
    }

    [Fact]
    public async Task A_damaged_length_in_a_segment_before_the_last_is_reported_with_the_file_and_where()
    {
        await WriteTwoSegmentsAsync();
        var first = SegmentPaths[0];
        var second = FrameOffsets(first)[1];
        var length = new FileInfo(first).Length;
        WriteLength(first, second, uint.MaxValue);

        var error = Assert.Throws<JournalCorruptException>(() => CollectionJournal.Open(_root.Path, TimeProvider.System));

        Assert.Contains(Path.GetFileName(first), error.Message, StringComparison.Ordinal);
        Assert.Contains($"byte {second}", error.Message, StringComparison.Ordinal);
        Assert.Equal(length, new FileInfo(first).Length);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Damage_in_the_last_record_of_a_segment_before_the_last_is_reported_not_taken_for_a_torn_tail(bool cut)
    {
        await WriteTwoSegmentsAsync();
        var first = SegmentPaths[0];
        var last = FrameOffsets(first)[^1];
        var bytes = File.ReadAllBytes(first);
        if (cut)
        {
            // Segments before the last were fsynced and closed: a short one lost acknowledged records.
            File.WriteAllBytes(first, bytes[..^3]);
        }
        else
        {
            bytes[^3] ^= 0x40;
            File.WriteAllBytes(first, bytes);
        }

        var error = Assert.Throws<JournalCorruptException>(() => CollectionJournal.Open(_root.Path, TimeProvider.System));

        Assert.Contains(Path.GetFileName(first), error.Message, StringComparison.Ordinal);
        Assert.Contains($"byte {last}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_torn_record_of_megabytes_is_dropped_but_damage_before_a_whole_record_megabytes_on_is_found(bool damaged)
    {
        // 12 MB of random floats: the scan for a whole record after the bad one crosses many read windows.
        var random = new Random(3);
        var big = Enumerable.Range(0, 3).Select(i => TestPoints.Dense(
            PointId.FromNumber((ulong)i), "dense", Enumerable.Range(0, 1_000_000).Select(_ => (float)random.NextDouble()).ToArray())).ToArray();
        using (var journal = CollectionJournal.Open(_root.Path, TimeProvider.System))
        {
            journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(9)]);
            journal.Append(JournalOrigin.Failover, JournalOperation.Upsert, big, []);
            if (damaged)
            {
                journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(10)]);
            }

            await journal.FlushAsync();
        }

        var offsets = FrameOffsets(SegmentPath);
        if (damaged)
        {
            var bytes = File.ReadAllBytes(SegmentPath);
            bytes[(int)offsets[1] + JournalCodec.FrameHeaderBytes + 100] ^= 0x10;
            File.WriteAllBytes(SegmentPath, bytes);

            var error = Assert.Throws<JournalCorruptException>(() => CollectionJournal.Open(_root.Path, TimeProvider.System));

            Assert.Contains($"byte {offsets[1]} fails its checksum", error.Message, StringComparison.Ordinal);
            Assert.Contains($"follows at byte {offsets[2]}", error.Message, StringComparison.Ordinal);
            return;
        }

        using (var file = new FileStream(SegmentPath, FileMode.Open))
        {
            file.SetLength(file.Length - 10);
        }

        using var reopened = CollectionJournal.Open(_root.Path, TimeProvider.System);
        Assert.Equal([1L], reopened.ReadFrom(1).Select(r => r.Sequence));
        Assert.Equal(new FileInfo(SegmentPath).Length, offsets[1]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_zero_filled_tail_is_a_torn_tail_and_appends_continue_after_the_last_whole_record(bool inAFreshSegment)
    {
        using (var journal = CollectionJournal.Open(_root.Path, TimeProvider.System))
        {
            journal.Append(JournalOrigin.Failover, JournalOperation.Upsert, RoundTripTests.SamplePoints(2).ToArray(), []);
            journal.Append(JournalOrigin.Primary, JournalOperation.Delete, [], [PointId.FromNumber(7)]);
            journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(8)]);
            if (inAFreshSegment)
            {
                journal.StartSegment();
            }

            await journal.FlushAsync();
        }

        // The file grew before its data reached the disk: a crash leaves zeros where the records were to be.
        using (var file = new FileStream(SegmentPaths[^1], FileMode.Append))
        {
            file.Write(new byte[4096]);
        }

        using (var reopened = CollectionJournal.Open(_root.Path, TimeProvider.System))
        {
            Assert.Equal([1L, 2L, 3L], reopened.ReadFrom(1).Select(r => r.Sequence));
            Assert.Equal(4096, reopened.Summarize().DroppedTornBytes);
            var again = reopened.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(9)]);
            Assert.Equal(4, again.Sequence);
            await reopened.WaitDurableAsync(again.Sequence);
        }

        using var third = CollectionJournal.Open(_root.Path, TimeProvider.System);
        Assert.Equal([1L, 2L, 3L, 4L], third.ReadFrom(1).Select(r => r.Sequence));
        Assert.Equal([PointId.FromNumber(9)], third.ReadFrom(4).Single().DeletedIds);
        Assert.Equal(0, third.Summarize().DroppedTornBytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(8)]
    public async Task A_last_segment_whose_magic_never_reached_the_disk_gets_it_back_and_takes_appends(int bytesLeft)
    {
        using (var journal = CollectionJournal.Open(_root.Path, TimeProvider.System))
        {
            journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(1)]);
            journal.StartSegment();
        }

        // A crash right after the new segment was created: its magic bytes are missing or zeros.
        var fresh = SegmentPaths[^1];
        var bytes = File.ReadAllBytes(fresh)[..bytesLeft];
        bytes.AsSpan(Math.Min(3, bytesLeft)).Clear();
        File.WriteAllBytes(fresh, bytes);

        using (var reopened = CollectionJournal.Open(_root.Path, TimeProvider.System))
        {
            Assert.Equal([1L], reopened.ReadFrom(1).Select(r => r.Sequence));
            Assert.Equal(bytesLeft, reopened.Summarize().DroppedTornBytes);
            var again = reopened.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(2)]);
            await reopened.WaitDurableAsync(again.Sequence);
        }

        using var third = CollectionJournal.Open(_root.Path, TimeProvider.System);
        Assert.Equal([1L, 2L], third.ReadFrom(1).Select(r => r.Sequence));
        Assert.True(File.ReadAllBytes(fresh).AsSpan().StartsWith(JournalSegmentReader.Magic));
    }

    [Fact]
    public async Task A_record_over_the_read_limit_is_refused_before_anything_is_written()
    {
        // 70 points of 1,000,000 floats: 280 MB, over the 256 MiB a journal reads back. One array, shared, keeps the test small.
        var vector = new float[1_000_000];
        var points = Enumerable.Range(0, 70)
            .Select(i => new VectorPoint { Id = PointId.FromNumber((ulong)i), Dense = new Dictionary<string, float[]> { ["dense"] = vector } })
            .ToArray();
        using var journal = CollectionJournal.Open(_root.Path, TimeProvider.System);
        var sizeBefore = new FileInfo(SegmentPath).Length;

        var error = Assert.Throws<JournalRecordTooLargeException>(
            () => journal.Append(JournalOrigin.Failover, JournalOperation.Upsert, points, []));

        Assert.True(error.BodyBytes > JournalCodec.MaxBodyBytes);
        Assert.Contains($"{error.BodyBytes:N0} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{JournalCodec.MaxBodyBytes:N0}", error.Message, StringComparison.Ordinal);
        Assert.Equal(sizeBefore, new FileInfo(SegmentPath).Length);
        Assert.Equal(1, journal.NextSequence);
        Assert.Null(journal.Summarize().Error);

        // The journal is still usable, and the refused record took no sequence number.
        var next = journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(1)]);
        await journal.WaitDurableAsync(next.Sequence);
        Assert.Equal(1, next.Sequence);
        Assert.Equal([1L], journal.ReadFrom(1).Select(r => r.Sequence));
    }

    [Fact]
    public async Task Dropping_segments_never_deletes_a_failover_record_not_yet_replayed()
    {
        using var journal = CollectionJournal.Open(_root.Path, TimeProvider.System);
        journal.Append(JournalOrigin.Primary, JournalOperation.Delete, [], [PointId.FromNumber(1)]);
        journal.StartSegment();
        journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(2)]);
        journal.StartSegment();
        journal.Append(JournalOrigin.Primary, JournalOperation.Delete, [], [PointId.FromNumber(3)]);
        await journal.FlushAsync();

        // Whatever the caller asks, the segment holding the pending failover write (sequence 2) stays, and so does all after it.
        Assert.Equal(1, journal.DropBefore(long.MaxValue));
        Assert.Equal([2L, 3L], journal.ReadFrom(1).Select(r => r.Sequence));
        Assert.Equal(1, journal.PendingRecords);

        await journal.MarkReplayedAsync(2);
        Assert.Equal(1, journal.DropBefore(long.MaxValue));
        Assert.Equal([3L], journal.ReadFrom(1).Select(r => r.Sequence));
        Assert.Equal(1, journal.Summarize().Segments);
    }

    [Fact]
    public async Task A_failed_fsync_fails_every_waiter_above_the_durable_point_and_stops_the_journal_until_it_is_reopened()
    {
        var cause = new IOException("fsync: input/output error (injected)");
        using (var journal = CollectionJournal.Open(_root.Path, TimeProvider.System))
        {
            var first = journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(1)]);
            await journal.WaitDurableAsync(first.Sequence);
            journal.Fsync = _ => throw cause;

            var second = journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(2)]);
            var third = journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(3)]);
            var waits = new[] { journal.WaitDurableAsync(second.Sequence), journal.WaitDurableAsync(third.Sequence) };

            foreach (var wait in waits)
            {
                var failed = await Assert.ThrowsAsync<JournalFailedException>(() => wait);
                Assert.Same(cause, failed.InnerException);
            }

            Assert.Equal(1, journal.DurableThrough);
            Assert.NotNull(journal.Failure);
            Assert.Same(cause, journal.Failure.InnerException);
            Assert.Contains(cause.Message, journal.Summarize().Error, StringComparison.Ordinal);

            // Stopped: nothing more is taken, even once the disk would work again; what was durable stays durable.
            journal.Fsync = static file => file.Flush(flushToDisk: true);
            var refused = Assert.Throws<JournalFailedException>(
                () => journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(4)]));
            Assert.Same(cause, refused.InnerException);
            var refusedWait = await Assert.ThrowsAsync<JournalFailedException>(() => journal.WaitDurableAsync(third.Sequence));
            Assert.Same(cause, refusedWait.InnerException);
            await journal.WaitDurableAsync(first.Sequence);
            Assert.Equal(4, journal.NextSequence);
        }

        // A fresh open reads what the disk holds (here the page cache did reach it) and takes writes again.
        using var reopened = CollectionJournal.Open(_root.Path, TimeProvider.System);
        Assert.Null(reopened.Failure);
        Assert.Equal([1L, 2L, 3L], reopened.ReadFrom(1).Select(r => r.Sequence));
        var next = reopened.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(4)]);
        await reopened.WaitDurableAsync(next.Sequence);
        Assert.Equal(4, reopened.DurableThrough);
    }

    [Fact]
    public async Task A_failed_fsync_while_a_segment_ends_stops_the_journal_too()
    {
        using var journal = CollectionJournal.Open(_root.Path, TimeProvider.System);
        journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber(1)]);
        var cause = new IOException("fsync: no space left on device (injected)");
        journal.Fsync = _ => throw cause;

        var error = Assert.Throws<JournalFailedException>(() => journal.StartSegment());

        Assert.Same(cause, error.InnerException);
        Assert.Same(cause, journal.Failure?.InnerException);
        Assert.Equal(0, journal.DurableThrough);
        await Assert.ThrowsAsync<JournalFailedException>(() => journal.WaitDurableAsync(1));
    }

    /// <summary>Segment 1 holds records 1 to 3 (fsynced and closed), segment 4 records 4 and 5.</summary>
    private async Task WriteTwoSegmentsAsync()
    {
        using var journal = CollectionJournal.Open(_root.Path, TimeProvider.System);
        for (var i = 1; i <= 5; i++)
        {
            if (i == 4)
            {
                journal.StartSegment();
            }

            journal.Append(JournalOrigin.Failover, JournalOperation.Delete, [], [PointId.FromNumber((ulong)i)]);
        }

        await journal.FlushAsync();
    }

    /// <summary>Where each frame of an undamaged segment starts.</summary>
    private static List<long> FrameOffsets(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var offsets = new List<long>();
        for (long offset = JournalSegmentReader.Magic.Length; offset < bytes.Length;)
        {
            offsets.Add(offset);
            offset += JournalCodec.FrameHeaderBytes + BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan((int)offset));
        }

        return offsets;
    }

    private static void WriteLength(string path, long offset, uint length)
    {
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)offset), length);
        File.WriteAllBytes(path, bytes);
    }
}
