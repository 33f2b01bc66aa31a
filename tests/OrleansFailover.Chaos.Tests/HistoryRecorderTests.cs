using OrleansFailover.Chaos.History;

namespace OrleansFailover.Chaos.Tests;

/// <summary>The recorder: what writers record is what the checker reads, from many threads at once.</summary>
public sealed class HistoryRecorderTests
{
    [Fact]
    public void Each_operation_is_stamped_at_begin_and_at_completion_with_its_outcome()
    {
        var now = 100L;
        var recorder = new HistoryRecorder(() => now, ticksPerSecond: 1000);

        var upsert = recorder.Begin(writer: 1, OperationKind.Upsert, point: 7, value: 42);
        now = 110;
        var read = recorder.Begin(writer: 2, OperationKind.Read, point: 7);
        now = 120;
        upsert.Acknowledge();
        now = 130;
        read.Observed(42);
        var delete = recorder.Begin(writer: 3, OperationKind.Delete, point: 7);
        now = 140;
        delete.Fail("deadline exceeded");

        var history = recorder.Snapshot();

        Assert.Equal(1000, history.TicksPerSecond);
        Assert.Equal(
            [
                new HistoryOperation { Writer = 1, Kind = OperationKind.Upsert, Point = 7, Value = 42, InvokedAt = 100, CompletedAt = 120, Outcome = OperationOutcome.Acknowledged },
                new HistoryOperation { Writer = 2, Kind = OperationKind.Read, Point = 7, InvokedAt = 110, CompletedAt = 130, Outcome = OperationOutcome.Acknowledged, Observed = 42 },
                new HistoryOperation { Writer = 3, Kind = OperationKind.Delete, Point = 7, InvokedAt = 130, CompletedAt = 140, Outcome = OperationOutcome.Failed, FailureReason = "deadline exceeded" },
            ],
            history.Operations);
    }

    [Fact]
    public void An_operation_still_pending_when_the_history_is_taken_is_failed_and_indeterminate()
    {
        var now = 0L;
        var recorder = new HistoryRecorder(() => now, ticksPerSecond: 1000);
        var pending = recorder.Begin(writer: 1, OperationKind.Upsert, point: 7, value: 42);
        now = 50;

        var operation = Assert.Single(recorder.Snapshot().Operations);

        Assert.Equal(OperationOutcome.Failed, operation.Outcome);
        Assert.Equal(HistoryRecorder.NotCompletedReason, operation.FailureReason);
        Assert.Equal(50, operation.CompletedAt);

        // It may still land: a later snapshot records how it ended.
        now = 60;
        pending.Acknowledge();
        Assert.Equal(OperationOutcome.Acknowledged, Assert.Single(recorder.Snapshot().Operations).Outcome);
    }

    [Fact]
    public void An_operation_completes_exactly_once()
    {
        var recorder = new HistoryRecorder();
        var upsert = recorder.Begin(writer: 1, OperationKind.Upsert, point: 7, value: 42);
        upsert.Acknowledge();

        Assert.Throws<InvalidOperationException>(upsert.Acknowledge);
        Assert.Throws<InvalidOperationException>(() => upsert.Fail("late"));
    }

    [Fact]
    public void Reads_complete_with_what_they_saw_and_writes_with_an_acknowledgement()
    {
        var recorder = new HistoryRecorder();

        Assert.Throws<InvalidOperationException>(recorder.Begin(writer: 1, OperationKind.Read, point: 7).Acknowledge);
        Assert.Throws<InvalidOperationException>(() => recorder.Begin(writer: 1, OperationKind.Delete, point: 7).Observed(null));
    }

    [Fact]
    public void Only_an_upsert_carries_a_positive_token()
    {
        var recorder = new HistoryRecorder();

        Assert.Throws<ArgumentException>(() => recorder.Begin(writer: 1, OperationKind.Upsert, point: 7));
        Assert.Throws<ArgumentException>(() => recorder.Begin(writer: 1, OperationKind.Upsert, point: 7, value: 0));
        Assert.Throws<ArgumentException>(() => recorder.Begin(writer: 1, OperationKind.Delete, point: 7, value: 42));
        Assert.Throws<ArgumentException>(() => recorder.Begin(writer: 1, OperationKind.Read, point: 7, value: 42));
    }

    [Fact]
    public async Task Concurrent_writers_against_a_linearizable_store_record_a_history_that_passes()
    {
        // A real run in miniature: threads, the real clock, and a store that is linearizable by its lock.
        const int writers = 8;
        const int operationsPerWriter = 500;
        var recorder = new HistoryRecorder();
        var store = new Dictionary<ulong, long>();
        var storeLock = new Lock();
        var nextToken = 0L;

        await Task.WhenAll(Enumerable.Range(1, writers).Select(writer => Task.Run(() =>
        {
            var random = new Random(writer);
            for (var i = 0; i < operationsPerWriter; i++)
            {
                var point = (ulong)random.Next(4);
                switch (random.Next(3))
                {
                    case 0:
                        var token = Interlocked.Increment(ref nextToken);
                        var upsert = recorder.Begin(writer, OperationKind.Upsert, point, token);
                        lock (storeLock)
                        {
                            store[point] = token;
                        }

                        upsert.Acknowledge();
                        break;
                    case 1:
                        var delete = recorder.Begin(writer, OperationKind.Delete, point);
                        lock (storeLock)
                        {
                            store.Remove(point);
                        }

                        // Some deletes "time out" after landing: indeterminate, and still accepted.
                        if (random.Next(10) == 0)
                        {
                            delete.Fail("timeout");
                        }
                        else
                        {
                            delete.Acknowledge();
                        }

                        break;
                    default:
                        var read = recorder.Begin(writer, OperationKind.Read, point);
                        long? seen;
                        lock (storeLock)
                        {
                            seen = store.TryGetValue(point, out var value) ? value : null;
                        }

                        read.Observed(seen);
                        break;
                }
            }
        }, TestContext.Current.CancellationToken)));

        var history = recorder.Snapshot();
        var finalState = store.ToDictionary(entry => entry.Key, entry => (long?)entry.Value);
        var report = HistoryChecker.Check(history, new Dictionary<ulong, long?>(), finalState);

        Assert.Equal(writers * operationsPerWriter, report.Operations.Total);
        Assert.All(history.Operations, operation => Assert.True(operation.CompletedAt >= operation.InvokedAt));
        ReportAssert.Passes(report);
    }
}
