using CsCheck;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Collections;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>
/// The collection's lifecycle on its own: every phase against every event, then random sequences of events checked
/// against the rules that keep acknowledged writes (who may journal, what leaves the seal, stale commands, journaled
/// writes never dropped).
/// </summary>
public sealed class CollectionLifecycleTests
{
    /// <summary>Mode versions the phases below were reached with: admitted at 10, sync-back attempt 20.</summary>
    private const long Admission = 10;
    private const long Attempt = 20;
    private const long Newer = 30;
    private const long Older = 5;

    private static readonly CollectionPhase[] Phases = Enum.GetValues<CollectionPhase>();

    public static TheoryData<CollectionPhase, string, LifecycleStep, CollectionPhase> Transitions
    {
        get
        {
            var data = new TheoryData<CollectionPhase, string, LifecycleStep, CollectionPhase>();
            foreach (var (from, happening, step, to) in Table)
            {
                data.Add(from, happening, step, to);
            }

            return data;
        }
    }

    /// <summary>(phase, event) → (step, phase after). Every phase appears with every event at least once.</summary>
    private static readonly (CollectionPhase From, string Happening, LifecycleStep Step, CollectionPhase To)[] Table =
    [
        // A call needs the copy (or journaled writes must be drained).
        (CollectionPhase.Normal, "enter", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring),
        (CollectionPhase.Restoring, "enter", LifecycleStep.WaitForRestore, CollectionPhase.Restoring),
        (CollectionPhase.RestoreFailed, "enter", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring),
        (CollectionPhase.Serving, "enter", LifecycleStep.Ready, CollectionPhase.Serving),
        (CollectionPhase.Replaying, "enter", LifecycleStep.Ready, CollectionPhase.Replaying),
        (CollectionPhase.Draining, "enter", LifecycleStep.Ready, CollectionPhase.Draining),
        (CollectionPhase.Sealed, "enter", LifecycleStep.Ready, CollectionPhase.Sealed),
        (CollectionPhase.Broken, "enter", LifecycleStep.Refuse, CollectionPhase.Broken),

        // The failover grain's answer to the admission.
        (CollectionPhase.Restoring, "admitted serve", LifecycleStep.Restore, CollectionPhase.Restoring),
        (CollectionPhase.Restoring, "admitted not active", LifecycleStep.NotActive, CollectionPhase.Normal),
        (CollectionPhase.Restoring, "admitted not active with writes to drain", LifecycleStep.Restore, CollectionPhase.Restoring),
        (CollectionPhase.Restoring, "admitted by an older restore", LifecycleStep.DropCopy, CollectionPhase.Restoring),
        (CollectionPhase.Restoring, "admitted at an older version", LifecycleStep.AdmitAgain, CollectionPhase.Restoring),
        (CollectionPhase.Normal, "admitted serve", LifecycleStep.DropCopy, CollectionPhase.Normal),
        (CollectionPhase.RestoreFailed, "admitted serve", LifecycleStep.DropCopy, CollectionPhase.RestoreFailed),
        (CollectionPhase.Serving, "admitted serve", LifecycleStep.DropCopy, CollectionPhase.Serving),
        (CollectionPhase.Replaying, "admitted serve", LifecycleStep.DropCopy, CollectionPhase.Replaying),
        (CollectionPhase.Draining, "admitted serve", LifecycleStep.DropCopy, CollectionPhase.Draining),
        (CollectionPhase.Sealed, "admitted serve", LifecycleStep.DropCopy, CollectionPhase.Sealed),
        (CollectionPhase.Broken, "admitted serve", LifecycleStep.DropCopy, CollectionPhase.Broken),

        // The end of a restore.
        (CollectionPhase.Restoring, "restored", LifecycleStep.Ready, CollectionPhase.Serving),
        (CollectionPhase.Restoring, "restored to write through", LifecycleStep.Ready, CollectionPhase.Sealed),
        (CollectionPhase.Restoring, "restored to write through with writes to replay", LifecycleStep.StartSyncBack, CollectionPhase.Replaying),
        (CollectionPhase.Restoring, "restored to drain", LifecycleStep.StartSyncBack, CollectionPhase.Draining),
        (CollectionPhase.Restoring, "restored with a sync-back waiting", LifecycleStep.StartSyncBack, CollectionPhase.Replaying),
        (CollectionPhase.Restoring, "restore failed", LifecycleStep.ReportRestoreFailed, CollectionPhase.RestoreFailed),
        (CollectionPhase.Restoring, "restore failed with a sync-back waiting", LifecycleStep.ReportRestoreAndSyncBackFailed, CollectionPhase.RestoreFailed),
        (CollectionPhase.Restoring, "restored by an older restore", LifecycleStep.DropCopy, CollectionPhase.Restoring),
        (CollectionPhase.Normal, "restored", LifecycleStep.DropCopy, CollectionPhase.Normal),
        (CollectionPhase.RestoreFailed, "restored", LifecycleStep.DropCopy, CollectionPhase.RestoreFailed),
        (CollectionPhase.Serving, "restored", LifecycleStep.DropCopy, CollectionPhase.Serving),
        (CollectionPhase.Replaying, "restored", LifecycleStep.DropCopy, CollectionPhase.Replaying),
        (CollectionPhase.Draining, "restored", LifecycleStep.DropCopy, CollectionPhase.Draining),
        (CollectionPhase.Sealed, "restored", LifecycleStep.DropCopy, CollectionPhase.Sealed),
        (CollectionPhase.Broken, "restored", LifecycleStep.DropCopy, CollectionPhase.Broken),

        // Command: the circuit opened (again).
        (CollectionPhase.Normal, "failover", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring),
        (CollectionPhase.Restoring, "failover", LifecycleStep.None, CollectionPhase.Restoring),
        (CollectionPhase.RestoreFailed, "failover", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring),
        (CollectionPhase.Serving, "failover", LifecycleStep.None, CollectionPhase.Serving),
        (CollectionPhase.Replaying, "failover", LifecycleStep.None, CollectionPhase.Serving),
        (CollectionPhase.Draining, "failover", LifecycleStep.None, CollectionPhase.Serving),
        (CollectionPhase.Sealed, "failover", LifecycleStep.None, CollectionPhase.Serving),
        (CollectionPhase.Broken, "failover", LifecycleStep.None, CollectionPhase.Broken),
        (CollectionPhase.Sealed, "stale failover", LifecycleStep.Ignore, CollectionPhase.Sealed),
        (CollectionPhase.Draining, "stale failover", LifecycleStep.Ignore, CollectionPhase.Draining),
        (CollectionPhase.Replaying, "stale failover", LifecycleStep.Ignore, CollectionPhase.Replaying),

        // Command: sync back.
        (CollectionPhase.Normal, "sync back", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring),
        (CollectionPhase.Restoring, "sync back", LifecycleStep.None, CollectionPhase.Restoring),
        (CollectionPhase.RestoreFailed, "sync back", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring),
        (CollectionPhase.Serving, "sync back", LifecycleStep.StartSyncBack, CollectionPhase.Replaying),
        (CollectionPhase.Replaying, "sync back", LifecycleStep.StartSyncBack, CollectionPhase.Replaying),
        (CollectionPhase.Replaying, "sync back again", LifecycleStep.None, CollectionPhase.Replaying),
        (CollectionPhase.Draining, "sync back again", LifecycleStep.None, CollectionPhase.Draining),
        (CollectionPhase.Sealed, "sync back", LifecycleStep.StartSyncBack, CollectionPhase.Replaying),
        (CollectionPhase.Sealed, "sync back again", LifecycleStep.None, CollectionPhase.Sealed),
        (CollectionPhase.Sealed, "sync back again after the report", LifecycleStep.ReportSyncBackAgain, CollectionPhase.Sealed),
        (CollectionPhase.Broken, "sync back", LifecycleStep.Ignore, CollectionPhase.Broken),
        (CollectionPhase.Serving, "stale sync back", LifecycleStep.Ignore, CollectionPhase.Serving),
        (CollectionPhase.Sealed, "stale sync back", LifecycleStep.Ignore, CollectionPhase.Sealed),

        // The run found a last batch left: writes wait for the seal from now on.
        (CollectionPhase.Replaying, "last batch", LifecycleStep.None, CollectionPhase.Draining),
        (CollectionPhase.Draining, "last batch", LifecycleStep.None, CollectionPhase.Draining),
        (CollectionPhase.Normal, "last batch", LifecycleStep.AbandonSyncBack, CollectionPhase.Normal),
        (CollectionPhase.Restoring, "last batch", LifecycleStep.AbandonSyncBack, CollectionPhase.Restoring),
        (CollectionPhase.RestoreFailed, "last batch", LifecycleStep.AbandonSyncBack, CollectionPhase.RestoreFailed),
        (CollectionPhase.Serving, "last batch", LifecycleStep.AbandonSyncBack, CollectionPhase.Serving),
        (CollectionPhase.Sealed, "last batch", LifecycleStep.AbandonSyncBack, CollectionPhase.Sealed),
        (CollectionPhase.Broken, "last batch", LifecycleStep.AbandonSyncBack, CollectionPhase.Broken),

        // The run found the journal drained.
        (CollectionPhase.Replaying, "drained", LifecycleStep.TakeFreshGeneration, CollectionPhase.Sealed),
        (CollectionPhase.Draining, "drained", LifecycleStep.TakeFreshGeneration, CollectionPhase.Sealed),
        (CollectionPhase.Draining, "drained for the return", LifecycleStep.DropCopyAndReportReturned, CollectionPhase.Normal),
        (CollectionPhase.Normal, "drained", LifecycleStep.AbandonSyncBack, CollectionPhase.Normal),
        (CollectionPhase.Restoring, "drained", LifecycleStep.AbandonSyncBack, CollectionPhase.Restoring),
        (CollectionPhase.RestoreFailed, "drained", LifecycleStep.AbandonSyncBack, CollectionPhase.RestoreFailed),
        (CollectionPhase.Serving, "drained", LifecycleStep.AbandonSyncBack, CollectionPhase.Serving),
        (CollectionPhase.Sealed, "drained", LifecycleStep.AbandonSyncBack, CollectionPhase.Sealed),
        (CollectionPhase.Broken, "drained", LifecycleStep.AbandonSyncBack, CollectionPhase.Broken),

        // The fresh generation is published.
        (CollectionPhase.Sealed, "fresh generation", LifecycleStep.ReportSyncBack, CollectionPhase.Sealed),
        (CollectionPhase.Sealed, "fresh generation of another attempt", LifecycleStep.AbandonSyncBack, CollectionPhase.Sealed),
        (CollectionPhase.Normal, "fresh generation", LifecycleStep.AbandonSyncBack, CollectionPhase.Normal),
        (CollectionPhase.Restoring, "fresh generation", LifecycleStep.AbandonSyncBack, CollectionPhase.Restoring),
        (CollectionPhase.RestoreFailed, "fresh generation", LifecycleStep.AbandonSyncBack, CollectionPhase.RestoreFailed),
        (CollectionPhase.Serving, "fresh generation", LifecycleStep.AbandonSyncBack, CollectionPhase.Serving),
        (CollectionPhase.Replaying, "fresh generation", LifecycleStep.AbandonSyncBack, CollectionPhase.Replaying),
        (CollectionPhase.Draining, "fresh generation", LifecycleStep.AbandonSyncBack, CollectionPhase.Draining),
        (CollectionPhase.Broken, "fresh generation", LifecycleStep.AbandonSyncBack, CollectionPhase.Broken),

        // The replay or the fresh generation failed.
        (CollectionPhase.Replaying, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.Serving),
        (CollectionPhase.Draining, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.Serving),
        (CollectionPhase.Draining, "sync-back failed while draining for the return", LifecycleStep.None, CollectionPhase.Draining),
        (CollectionPhase.Sealed, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.Serving),
        (CollectionPhase.Normal, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.Normal),
        (CollectionPhase.Restoring, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.Restoring),
        (CollectionPhase.RestoreFailed, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.RestoreFailed),
        (CollectionPhase.Serving, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.Serving),
        (CollectionPhase.Broken, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.Broken),

        // Command: the circuit closed.
        (CollectionPhase.Sealed, "return", LifecycleStep.DropCopyAndReportReturned, CollectionPhase.Normal),
        (CollectionPhase.Sealed, "return with writes to drain", LifecycleStep.DrainBeforeReturn, CollectionPhase.Draining),
        (CollectionPhase.Normal, "return", LifecycleStep.DropCopyAndReportReturned, CollectionPhase.Normal),
        (CollectionPhase.Normal, "return with writes to drain", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring),
        (CollectionPhase.Restoring, "return", LifecycleStep.DropCopyAndReportReturned, CollectionPhase.Normal),
        (CollectionPhase.Restoring, "return with writes to drain", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring),
        (CollectionPhase.RestoreFailed, "return", LifecycleStep.DropCopyAndReportReturned, CollectionPhase.Normal),
        (CollectionPhase.RestoreFailed, "return with writes to drain", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring),
        (CollectionPhase.Serving, "return", LifecycleStep.DrainBeforeReturn, CollectionPhase.Draining),
        (CollectionPhase.Replaying, "return", LifecycleStep.DrainBeforeReturn, CollectionPhase.Draining),
        (CollectionPhase.Draining, "return", LifecycleStep.DrainBeforeReturn, CollectionPhase.Draining),
        (CollectionPhase.Broken, "return", LifecycleStep.Ignore, CollectionPhase.Broken),
        (CollectionPhase.Sealed, "stale return", LifecycleStep.Ignore, CollectionPhase.Sealed),
        (CollectionPhase.Serving, "stale return", LifecycleStep.Ignore, CollectionPhase.Serving),

        // The journal failed.
        (CollectionPhase.Normal, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken),
        (CollectionPhase.Restoring, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken),
        (CollectionPhase.RestoreFailed, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken),
        (CollectionPhase.Serving, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken),
        (CollectionPhase.Replaying, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken),
        (CollectionPhase.Draining, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken),
        (CollectionPhase.Sealed, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken),
        (CollectionPhase.Broken, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken),
    ];

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Every_phase_answers_every_event(CollectionPhase from, string happening, LifecycleStep step, CollectionPhase to)
    {
        var lifecycle = In(from, happening);
        Assert.Equal(from, lifecycle.Phase);

        Assert.Equal(step, Happen(lifecycle, happening));
        Assert.Equal(to, lifecycle.Phase);
    }

    [Fact]
    public void The_table_covers_every_phase_with_every_event()
    {
        var events = new[] { "enter", "admitted serve", "restored", "failover", "sync back", "last batch", "drained", "fresh generation", "sync-back failed", "return", "journal failed" };
        var covered = Table.Select(row => (row.From, row.Happening.Split(" with ")[0].Split(" again")[0])).ToHashSet();

        var missing = Phases.SelectMany(phase => events.Select(e => (phase, e))).Where(pair => !covered.Contains(pair)).ToArray();

        Assert.Empty(missing);
    }

    [Fact]
    public void Only_serving_and_replaying_take_writes_into_the_journal_and_draining_holds_them()
    {
        foreach (var phase in Phases)
        {
            var lifecycle = In(phase);
            Assert.Equal(phase is CollectionPhase.Serving or CollectionPhase.Replaying, lifecycle.TakesFailoverWrites);
            Assert.Equal(phase is CollectionPhase.Serving or CollectionPhase.Replaying or CollectionPhase.Draining or CollectionPhase.Sealed, lifecycle.HasCopy);
        }
    }

    [Fact]
    public void A_return_while_writes_are_journaled_holds_new_writes_drains_and_ends_without_a_sync_back_report()
    {
        var lifecycle = In(CollectionPhase.Serving);

        var returned = lifecycle.Return(Newer, pendingWrites: true);
        var takesWritesWhileDraining = lifecycle.TakesFailoverWrites;
        var drained = lifecycle.Drained();

        Assert.Equal(LifecycleStep.DrainBeforeReturn, returned);
        Assert.False(takesWritesWhileDraining);
        Assert.Equal(LifecycleStep.DropCopyAndReportReturned, drained);
        Assert.Equal(CollectionPhase.Normal, lifecycle.Phase);
    }

    [Fact]
    public void A_collection_not_admitted_but_with_journaled_writes_on_disk_restores_to_drain_them_then_ends()
    {
        var lifecycle = new CollectionLifecycle();
        lifecycle.Enter();

        var admitted = lifecycle.Admitted(lifecycle.RestoreAttempt, AdmissionDirective.NotActive, Admission, pendingWrites: true);
        var restored = lifecycle.Restored(lifecycle.RestoreAttempt, null, pendingWrites: true);
        var writesWait = !lifecycle.TakesFailoverWrites && lifecycle.Phase == CollectionPhase.Draining;
        var drained = lifecycle.Drained();

        Assert.Equal(LifecycleStep.Restore, admitted);
        Assert.Equal(LifecycleStep.StartSyncBack, restored);
        Assert.True(writesWait);
        Assert.Equal(LifecycleStep.DropCopyAndReportReturned, drained);
    }

    [Fact]
    public void A_restore_failure_is_tried_again_by_the_next_call()
    {
        var lifecycle = In(CollectionPhase.RestoreFailed);
        var failedAttempt = lifecycle.RestoreAttempt;

        Assert.Equal(LifecycleStep.AdmitAndRestore, lifecycle.Enter());
        Assert.Equal(failedAttempt + 1, lifecycle.RestoreAttempt);
        Assert.Null(lifecycle.RestoreError);
    }

    /// <summary>What a sequence of events may never do, whatever the order and whichever messages come late or twice.</summary>
    [Fact]
    public void Random_sequences_keep_the_rules_that_keep_acknowledged_writes()
    {
        var events = Gen.Int[0, 11].Select(Gen.Long[0, 40], Gen.Bool, (kind, version, flag) => (Kind: kind, Version: version, Flag: flag));
        events.Array[1, 40].Sample(sequence =>
        {
            var lifecycle = new CollectionLifecycle();
            foreach (var (kind, version, flag) in sequence)
            {
                var before = lifecycle.Phase;
                var known = lifecycle.KnownVersion;
                var attempt = lifecycle.SyncBackAttempt;
                var step = kind switch
                {
                    0 => lifecycle.Enter(),
                    1 => lifecycle.Admitted(lifecycle.RestoreAttempt, flag ? AdmissionDirective.Serve : AdmissionDirective.WriteThrough, version, flag),
                    2 => lifecycle.Restored(lifecycle.RestoreAttempt, flag ? null : "failed", flag),
                    3 => lifecycle.EnterFailover(version),
                    4 => lifecycle.SyncBackRequested(version),
                    5 => lifecycle.FinalDrain(),
                    6 => lifecycle.Drained(),
                    7 => lifecycle.SyncBackSucceeded(flag ? lifecycle.SyncBackAttempt ?? 0 : version),
                    8 => lifecycle.SyncBackFailed(),
                    9 => lifecycle.Return(version, flag),
                    10 => lifecycle.SyncBackRequested(lifecycle.SyncBackAttempt ?? version), // the same command, sent again
                    _ => lifecycle.Admitted(lifecycle.RestoreAttempt, AdmissionDirective.NotActive, version, flag),
                };

                // The newest version known never goes back.
                Assert.True(lifecycle.KnownVersion >= known);

                // A command older than what is known changes nothing.
                if (kind is 3 or 4 or 9 && version < known)
                {
                    Assert.Equal(LifecycleStep.Ignore, step);
                    Assert.Equal(before, lifecycle.Phase);
                }

                // The seal is left only by a newer command or a failure of its sync-back, never by a call or a command sent again.
                if (before == CollectionPhase.Sealed && lifecycle.Phase != CollectionPhase.Sealed)
                {
                    var newerCommand = kind is 3 or 4 or 9 && version >= known && (kind != 4 || version != attempt);
                    Assert.True(newerCommand || kind == 8 || step == LifecycleStep.Deactivate, $"left the seal on event {kind} (version {version}, known {known})");
                }

                // Writes go into the journal only after an admission and a restore.
                if (lifecycle.TakesFailoverWrites && before is CollectionPhase.Normal or CollectionPhase.RestoreFailed)
                {
                    Assert.Fail($"took failover writes straight from {before} on event {kind}");
                }

                // A return that leaves the collection holding no copy is only allowed when nothing was journaled.
                if (kind == 9 && flag && step == LifecycleStep.DropCopyAndReportReturned)
                {
                    Assert.Fail($"dropped journaled writes on a return from {before}");
                }
            }
        });
    }

    private static LifecycleStep Happen(CollectionLifecycle lifecycle, string happening) => happening switch
    {
        "enter" => lifecycle.Enter(),
        "admitted serve" => lifecycle.Admitted(lifecycle.RestoreAttempt, AdmissionDirective.Serve, Admission, false),
        "admitted not active" => lifecycle.Admitted(lifecycle.RestoreAttempt, AdmissionDirective.NotActive, Admission, false),
        "admitted not active with writes to drain" => lifecycle.Admitted(lifecycle.RestoreAttempt, AdmissionDirective.NotActive, Admission, true),
        "admitted by an older restore" => lifecycle.Admitted(lifecycle.RestoreAttempt - 1, AdmissionDirective.Serve, Admission, false),
        "admitted at an older version" => lifecycle.Admitted(lifecycle.RestoreAttempt, AdmissionDirective.Serve, Older, false),
        "restored" or "restored to write through" or "restored to drain" or "restored with a sync-back waiting" =>
            lifecycle.Restored(lifecycle.RestoreAttempt, null, false),
        "restored to write through with writes to replay" => lifecycle.Restored(lifecycle.RestoreAttempt, null, true),
        "restore failed" or "restore failed with a sync-back waiting" => lifecycle.Restored(lifecycle.RestoreAttempt, "disk error", false),
        "restored by an older restore" => lifecycle.Restored(lifecycle.RestoreAttempt - 1, null, false),
        "failover" => lifecycle.EnterFailover(Newer),
        "stale failover" => lifecycle.EnterFailover(Older),
        "sync back" => lifecycle.SyncBackRequested(Newer),
        "sync back again" or "sync back again after the report" => lifecycle.SyncBackRequested(Attempt),
        "stale sync back" => lifecycle.SyncBackRequested(Older),
        "last batch" => lifecycle.FinalDrain(),
        "drained" or "drained for the return" => lifecycle.Drained(),
        "fresh generation" => lifecycle.SyncBackSucceeded(Attempt),
        "fresh generation of another attempt" => lifecycle.SyncBackSucceeded(Attempt - 1),
        "sync-back failed" or "sync-back failed while draining for the return" => lifecycle.SyncBackFailed(),
        "return" => lifecycle.Return(Newer, pendingWrites: false),
        "return with writes to drain" => lifecycle.Return(Newer, pendingWrites: true),
        "stale return" => lifecycle.Return(Older, pendingWrites: false),
        "journal failed" => lifecycle.JournalFailed(),
        _ => throw new ArgumentOutOfRangeException(nameof(happening), happening, "no such event"),
    };

    /// <summary>A lifecycle brought into <paramref name="phase"/> the way a collection gets there, as <paramref name="happening"/> needs it.</summary>
    private static CollectionLifecycle In(CollectionPhase phase, string happening = "")
    {
        var lifecycle = new CollectionLifecycle();
        switch (phase)
        {
            case CollectionPhase.Normal:
                return lifecycle;
            case CollectionPhase.Broken:
                lifecycle.JournalFailed();
                return lifecycle;
            case CollectionPhase.Restoring:
                return Restoring(lifecycle, happening);
        }

        lifecycle.Enter();
        lifecycle.Admitted(lifecycle.RestoreAttempt, AdmissionDirective.Serve, Admission, false);
        if (phase == CollectionPhase.RestoreFailed)
        {
            lifecycle.Restored(lifecycle.RestoreAttempt, "disk error", false);
            return lifecycle;
        }

        lifecycle.Restored(lifecycle.RestoreAttempt, null, false);
        if (phase == CollectionPhase.Serving)
        {
            return lifecycle;
        }

        lifecycle.SyncBackRequested(Attempt);
        if (phase == CollectionPhase.Replaying)
        {
            return lifecycle;
        }

        lifecycle.FinalDrain();
        if (happening.Contains("for the return", StringComparison.Ordinal))
        {
            lifecycle.Return(Attempt + 1, pendingWrites: true);
        }

        if (phase == CollectionPhase.Draining)
        {
            return lifecycle;
        }

        lifecycle.Drained();
        if (happening.Contains("after the report", StringComparison.Ordinal))
        {
            lifecycle.SyncBackSucceeded(Attempt);
        }

        return lifecycle;
    }

    private static CollectionLifecycle Restoring(CollectionLifecycle lifecycle, string happening)
    {
        if (happening.Contains("sync-back waiting", StringComparison.Ordinal))
        {
            lifecycle.SyncBackRequested(Admission);
        }
        else
        {
            lifecycle.Enter();
        }

        if (happening.Contains("older restore", StringComparison.Ordinal))
        {
            // A restore began and failed; the one under way is a later one.
            lifecycle.Restored(lifecycle.RestoreAttempt, "first failed", false);
            lifecycle.Enter();
        }

        if (happening == "admitted at an older version")
        {
            lifecycle.EnterFailover(Admission); // a newer command came while the admission was on its way
        }
        else if (happening.StartsWith("restored", StringComparison.Ordinal) || happening.StartsWith("restore failed", StringComparison.Ordinal))
        {
            var (directive, pending) = happening switch
            {
                "restored to write through" or "restored to write through with writes to replay" => (AdmissionDirective.WriteThrough, false),
                "restored to drain" => (AdmissionDirective.NotActive, true),
                _ => (AdmissionDirective.Serve, false),
            };
            lifecycle.Admitted(lifecycle.RestoreAttempt, directive, Admission, pending);
        }

        return lifecycle;
    }
}
