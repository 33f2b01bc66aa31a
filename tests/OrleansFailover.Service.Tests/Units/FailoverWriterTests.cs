using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.Grains.Collections;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>
/// Failover writes on their own, against a journal whose appends and fsyncs a test decides: nothing is acknowledged,
/// or left visible in the copy, that is not durable. The writes run one turn at a time, as on a grain's scheduler.
/// </summary>
public sealed class FailoverWriterTests
{
    private const string Name = "docs";
    private readonly TaskScheduler _grainLike = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;

    [Fact]
    public async Task A_write_whose_fsync_fails_is_undone_in_the_copy_and_fails_for_its_caller()
    {
        var (copy, journal, writer) = await Setup(Point(1, "before"));

        var writing = OneTurnAtATime(() => writer.TryUpsertAsync([Point(1, "after")], () => true));
        await journal.AppendedAsync(1);
        var visibleWhileWaiting = Tag(copy, 1);
        journal.FailFlush(new IOException("fsync: input/output error"));

        var refused = await Assert.ThrowsAsync<VectorStoreException>(() => writing);
        Assert.Equal("after", visibleWhileWaiting);
        Assert.Equal("before", Tag(copy, 1));
        Assert.Equal(VectorStoreErrorKind.Unavailable, refused.Kind);
        Assert.Contains("undone", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_sharing_a_failed_fsync_are_all_undone_newest_first()
    {
        var (copy, journal, writer) = await Setup(Point(1, "original"));

        var first = OneTurnAtATime(() => writer.TryUpsertAsync([Point(1, "first"), Point(2, "new")], () => true));
        var second = OneTurnAtATime(() => writer.TryDeleteAsync([PointId.FromNumber(1)], () => true));
        await journal.AppendedAsync(2);
        journal.FailFlush(new IOException("fsync failed"));

        await Assert.ThrowsAsync<VectorStoreException>(() => first);
        await Assert.ThrowsAsync<VectorStoreException>(() => second);
        Assert.Equal("original", Tag(copy, 1));
        Assert.Null(Tag(copy, 2));
    }

    [Fact]
    public async Task A_write_already_durable_when_a_later_fsync_fails_stays()
    {
        var (copy, journal, writer) = await Setup(Point(1, "original"));

        var durable = OneTurnAtATime(() => writer.TryUpsertAsync([Point(1, "durable")], () => true));
        await journal.AppendedAsync(1);
        journal.CompleteFlush();
        await durable;
        var lost = OneTurnAtATime(() => writer.TryUpsertAsync([Point(2, "lost")], () => true));
        await journal.AppendedAsync(2);
        journal.FailFlush(new IOException("fsync failed"));

        await Assert.ThrowsAsync<VectorStoreException>(() => lost);
        Assert.Equal("durable", Tag(copy, 1));
        Assert.Null(Tag(copy, 2));
    }

    [Fact]
    public async Task A_record_the_journal_cannot_take_leaves_the_copy_as_it_was()
    {
        var (copy, journal, writer) = await Setup(Point(1, "before"));
        journal.RefuseAppends = new IOException("disk full");

        await Assert.ThrowsAsync<VectorStoreException>(() => OneTurnAtATime(() => writer.TryUpsertAsync([Point(1, "after")], () => true)));

        Assert.Equal("before", Tag(copy, 1));
    }

    [Fact]
    public async Task A_write_the_collection_no_longer_journals_is_not_applied_at_all()
    {
        var (copy, journal, writer) = await Setup(Point(1, "before"));

        var taken = await OneTurnAtATime(() => writer.TryUpsertAsync([Point(1, "after")], () => false));

        Assert.False(taken);
        Assert.Equal("before", Tag(copy, 1));
        Assert.Equal(0, journal.Appended);
    }

    /// <summary>Runs a write on a scheduler that, like a grain's, runs one continuation at a time.</summary>
    private Task<bool> OneTurnAtATime(Func<Task<bool>> write) =>
        Task.Factory.StartNew(write, CancellationToken.None, TaskCreationOptions.None, _grainLike).Unwrap();

    private static async Task<(InMemoryVectorStore Copy, ControlledJournal Journal, FailoverWriter Writer)> Setup(params VectorPoint[] points)
    {
        var copy = new InMemoryVectorStore();
        await copy.CreateCollectionAsync(Name, TestPoints.DenseSchema(4, Distance.Dot), TestContext.Current.CancellationToken);
        copy.Upsert(Name, points);
        var journal = new ControlledJournal();
        return (copy, journal, new FailoverWriter(copy, Name, journal));
    }

    private static VectorPoint Point(ulong id, string tag) =>
        TestPoints.Dense(PointId.FromNumber(id), "dense", [id, 1, 2, 3], TestPoints.Payload(("tag", PayloadValue.FromString(tag))));

    private static string? Tag(InMemoryVectorStore copy, ulong id) =>
        copy.Get(Name, [PointId.FromNumber(id)]).SingleOrDefault()?.Payload["tag"].AsString;

    /// <summary>A journal whose fsyncs complete or fail when the test says (one group commit for everything appended).</summary>
    private sealed class ControlledJournal : IJournalAppender
    {
        private readonly List<(int Count, TaskCompletionSource Reached)> _appendWaiters = [];
        private TaskCompletionSource _flush = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _next = 1;

        public long DurableThrough { get; private set; }

        public Exception? RefuseAppends { get; set; }

        public int Appended { get; private set; }

        public JournalRecord Append(
            JournalOrigin origin, JournalOperation operation, IReadOnlyList<VectorPoint> points, IReadOnlyList<PointId> deletedIds,
            IReadOnlyList<PriorImage>? prior = null)
        {
            if (RefuseAppends is { } refused)
            {
                throw refused;
            }

            Appended++;
            lock (_appendWaiters)
            {
                foreach (var waiter in _appendWaiters.Where(w => Appended >= w.Count))
                {
                    waiter.Reached.TrySetResult();
                }
            }

            return new JournalRecord
            {
                Sequence = _next++, AcceptedAt = DateTimeOffset.UnixEpoch, Origin = origin, Operation = operation,
                Points = points, DeletedIds = deletedIds, Prior = prior ?? [],
            };
        }

        /// <summary>Completes once <paramref name="count"/> records have been appended (the writes are in the copy).</summary>
        public Task AppendedAsync(int count)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_appendWaiters)
            {
                if (Appended >= count)
                {
                    return Task.CompletedTask;
                }

                _appendWaiters.Add((count, reached));
            }

            return reached.Task;
        }

        public Task WaitDurableAsync(long sequence) => sequence <= DurableThrough ? Task.CompletedTask : _flush.Task;

        public void CompleteFlush()
        {
            DurableThrough = _next - 1;
            Swap().TrySetResult();
        }

        public void FailFlush(Exception failure) => Swap().TrySetException(failure);

        private TaskCompletionSource Swap()
        {
            var flush = _flush;
            _flush = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return flush;
        }
    }
}
