using CsCheck;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Collections;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>
/// The collection's lifecycle on its own: every (phase, event) pair, then random sequences of events checked
/// against the rules that keep acknowledged writes (who may journal, what leaves the seal, stale commands).
/// </summary>
public sealed class CollectionLifecycleTests
{
    /// <summary>Mode versions the phases below were reached with: admitted at 10, sync-back attempt 20.</summary>
    private const long Admission = 10;
    private const long Attempt = 20;
    private const long Newer = 30;
    private const long Older = 5;

    public static TheoryData<CollectionPhase, string, LifecycleStep, CollectionPhase> Transitions => new()
    {
        // A call needs the copy.
        { CollectionPhase.Normal, "enter", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring },
        { CollectionPhase.Restoring, "enter", LifecycleStep.WaitForRestore, CollectionPhase.Restoring },
        { CollectionPhase.RestoreFailed, "enter", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring },
        { CollectionPhase.Serving, "enter", LifecycleStep.Ready, CollectionPhase.Serving },
        { CollectionPhase.Replaying, "enter", LifecycleStep.Ready, CollectionPhase.Replaying },
        { CollectionPhase.Sealed, "enter", LifecycleStep.Ready, CollectionPhase.Sealed },
        { CollectionPhase.Broken, "enter", LifecycleStep.Refuse, CollectionPhase.Broken },

        // The failover grain's answer to the admission.
        { CollectionPhase.Normal, "admitted serve", LifecycleStep.DropCopy, CollectionPhase.Normal },
        { CollectionPhase.Restoring, "admitted serve", LifecycleStep.Restore, CollectionPhase.Restoring },
        { CollectionPhase.Restoring, "admitted not active", LifecycleStep.NotActive, CollectionPhase.Normal },
        { CollectionPhase.Restoring, "admitted by an older restore", LifecycleStep.DropCopy, CollectionPhase.Restoring },
        { CollectionPhase.Restoring, "admitted at an older version", LifecycleStep.AdmitAgain, CollectionPhase.Restoring },
        { CollectionPhase.RestoreFailed, "admitted serve", LifecycleStep.DropCopy, CollectionPhase.RestoreFailed },
        { CollectionPhase.Serving, "admitted serve", LifecycleStep.DropCopy, CollectionPhase.Serving },
        { CollectionPhase.Replaying, "admitted serve", LifecycleStep.DropCopy, CollectionPhase.Replaying },
        { CollectionPhase.Sealed, "admitted serve", LifecycleStep.DropCopy, CollectionPhase.Sealed },
        { CollectionPhase.Broken, "admitted serve", LifecycleStep.DropCopy, CollectionPhase.Broken },

        // The end of a restore.
        { CollectionPhase.Normal, "restored", LifecycleStep.DropCopy, CollectionPhase.Normal },
        { CollectionPhase.Restoring, "restored", LifecycleStep.Ready, CollectionPhase.Serving },
        { CollectionPhase.Restoring, "restored to write through", LifecycleStep.Ready, CollectionPhase.Sealed },
        { CollectionPhase.Restoring, "restored with a sync-back waiting", LifecycleStep.StartSyncBack, CollectionPhase.Replaying },
        { CollectionPhase.Restoring, "restore failed", LifecycleStep.ReportRestoreFailed, CollectionPhase.RestoreFailed },
        { CollectionPhase.Restoring, "restore failed with a sync-back waiting", LifecycleStep.ReportRestoreAndSyncBackFailed, CollectionPhase.RestoreFailed },
        { CollectionPhase.Restoring, "restored by an older restore", LifecycleStep.DropCopy, CollectionPhase.Restoring },
        { CollectionPhase.RestoreFailed, "restored", LifecycleStep.DropCopy, CollectionPhase.RestoreFailed },
        { CollectionPhase.Serving, "restored", LifecycleStep.DropCopy, CollectionPhase.Serving },
        { CollectionPhase.Replaying, "restored", LifecycleStep.DropCopy, CollectionPhase.Replaying },
        { CollectionPhase.Sealed, "restored", LifecycleStep.DropCopy, CollectionPhase.Sealed },
        { CollectionPhase.Broken, "restored", LifecycleStep.DropCopy, CollectionPhase.Broken },

        // Command: the circuit opened (again).
        { CollectionPhase.Normal, "failover", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring },
        { CollectionPhase.Restoring, "failover", LifecycleStep.None, CollectionPhase.Restoring },
        { CollectionPhase.RestoreFailed, "failover", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring },
        { CollectionPhase.Serving, "failover", LifecycleStep.None, CollectionPhase.Serving },
        { CollectionPhase.Replaying, "failover", LifecycleStep.None, CollectionPhase.Serving },
        { CollectionPhase.Sealed, "failover", LifecycleStep.None, CollectionPhase.Serving },
        { CollectionPhase.Broken, "failover", LifecycleStep.None, CollectionPhase.Broken },
        { CollectionPhase.Sealed, "stale failover", LifecycleStep.Ignore, CollectionPhase.Sealed },
        { CollectionPhase.Replaying, "stale failover", LifecycleStep.Ignore, CollectionPhase.Replaying },

        // Command: sync back.
        { CollectionPhase.Normal, "sync back", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring },
        { CollectionPhase.Restoring, "sync back", LifecycleStep.None, CollectionPhase.Restoring },
        { CollectionPhase.RestoreFailed, "sync back", LifecycleStep.AdmitAndRestore, CollectionPhase.Restoring },
        { CollectionPhase.Serving, "sync back", LifecycleStep.StartSyncBack, CollectionPhase.Replaying },
        { CollectionPhase.Replaying, "sync back", LifecycleStep.StartSyncBack, CollectionPhase.Replaying },
        { CollectionPhase.Replaying, "sync back again", LifecycleStep.None, CollectionPhase.Replaying },
        { CollectionPhase.Sealed, "sync back", LifecycleStep.StartSyncBack, CollectionPhase.Replaying },
        { CollectionPhase.Broken, "sync back", LifecycleStep.Ignore, CollectionPhase.Broken },
        { CollectionPhase.Serving, "stale sync back", LifecycleStep.Ignore, CollectionPhase.Serving },
        { CollectionPhase.Sealed, "stale sync back", LifecycleStep.Ignore, CollectionPhase.Sealed },

        // The run found the journal drained.
        { CollectionPhase.Normal, "drained", LifecycleStep.AbandonSyncBack, CollectionPhase.Normal },
        { CollectionPhase.Restoring, "drained", LifecycleStep.AbandonSyncBack, CollectionPhase.Restoring },
        { CollectionPhase.RestoreFailed, "drained", LifecycleStep.AbandonSyncBack, CollectionPhase.RestoreFailed },
        { CollectionPhase.Serving, "drained", LifecycleStep.AbandonSyncBack, CollectionPhase.Serving },
        { CollectionPhase.Replaying, "drained", LifecycleStep.TakeFreshGeneration, CollectionPhase.Sealed },
        { CollectionPhase.Replaying, "drained for the return", LifecycleStep.DropCopyAndReportReturned, CollectionPhase.Normal },
        { CollectionPhase.Sealed, "drained", LifecycleStep.AbandonSyncBack, CollectionPhase.Sealed },
        { CollectionPhase.Broken, "drained", LifecycleStep.AbandonSyncBack, CollectionPhase.Broken },

        // The fresh generation is published.
        { CollectionPhase.Normal, "fresh generation", LifecycleStep.AbandonSyncBack, CollectionPhase.Normal },
        { CollectionPhase.Restoring, "fresh generation", LifecycleStep.AbandonSyncBack, CollectionPhase.Restoring },
        { CollectionPhase.RestoreFailed, "fresh generation", LifecycleStep.AbandonSyncBack, CollectionPhase.RestoreFailed },
        { CollectionPhase.Serving, "fresh generation", LifecycleStep.AbandonSyncBack, CollectionPhase.Serving },
        { CollectionPhase.Replaying, "fresh generation", LifecycleStep.AbandonSyncBack, CollectionPhase.Replaying },
        { CollectionPhase.Sealed, "fresh generation", LifecycleStep.ReportSyncBack, CollectionPhase.Sealed },
        { CollectionPhase.Sealed, "fresh generation of another attempt", LifecycleStep.AbandonSyncBack, CollectionPhase.Sealed },
        { CollectionPhase.Broken, "fresh generation", LifecycleStep.AbandonSyncBack, CollectionPhase.Broken },

        // The replay or the fresh generation failed.
        { CollectionPhase.Normal, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.Normal },
        { CollectionPhase.Restoring, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.Restoring },
        { CollectionPhase.RestoreFailed, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.RestoreFailed },
        { CollectionPhase.Serving, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.Serving },
        { CollectionPhase.Replaying, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.Serving },
        { CollectionPhase.Replaying, "sync-back failed while draining for the return", LifecycleStep.None, CollectionPhase.Serving },
        { CollectionPhase.Sealed, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.Serving },
        { CollectionPhase.Broken, "sync-back failed", LifecycleStep.ReportSyncBack, CollectionPhase.Broken },

        // Command: the circuit closed.
        { CollectionPhase.Normal, "return", LifecycleStep.DropCopyAndReportReturned, CollectionPhase.Normal },
        { CollectionPhase.Restoring, "return", LifecycleStep.DropCopyAndReportReturned, CollectionPhase.Normal },
        { CollectionPhase.RestoreFailed, "return", LifecycleStep.DropCopyAndReportReturned, CollectionPhase.Normal },
        { CollectionPhase.Serving, "return", LifecycleStep.DrainBeforeReturn, CollectionPhase.Replaying },
        { CollectionPhase.Replaying, "return", LifecycleStep.None, CollectionPhase.Replaying },
        { CollectionPhase.Sealed, "return", LifecycleStep.DropCopyAndReportReturned, CollectionPhase.Normal },
        { CollectionPhase.Broken, "return", LifecycleStep.Ignore, CollectionPhase.Broken },
        { CollectionPhase.Sealed, "stale return", LifecycleStep.Ignore, CollectionPhase.Sealed },
        { CollectionPhase.Serving, "stale return", LifecycleStep.Ignore, CollectionPhase.Serving },

        // The journal failed.
        { CollectionPhase.Normal, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken },
        { CollectionPhase.Restoring, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken },
        { CollectionPhase.RestoreFailed, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken },
        { CollectionPhase.Serving, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken },
        { CollectionPhase.Replaying, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken },
        { CollectionPhase.Sealed, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken },
        { CollectionPhase.Broken, "journal failed", LifecycleStep.Deactivate, CollectionPhase.Broken },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Every_phase_answers_every_event(CollectionPhase from, string happening, LifecycleStep step, CollectionPhase to)
    {
        var lifecycle = In(from, happening);

        Assert.Equal(step, Happen(lifecycle, happening));
        Assert.Equal(to, lifecycle.Phase);
    }

    [Fact]
    public void Only_serving_and_replaying_take_writes_into_the_journal()
    {
        foreach (var phase in Enum.GetValues<CollectionPhase>())
        {
            var lifecycle = In(phase);
            Assert.Equal(phase is CollectionPhase.Serving or CollectionPhase.Replaying, lifecycle.TakesFailoverWrites);
            Assert.Equal(phase is CollectionPhase.Serving or CollectionPhase.Replaying or CollectionPhase.Sealed, lifecycle.HasCopy);
        }
    }

    [Fact]
    public void A_return_while_writes_are_journaled_drains_them_first_and_ends_without_a_report()
    {
        var lifecycle = In(CollectionPhase.Serving);

        var first = lifecycle.Return(Newer);
        var drained = lifecycle.Drained();

        Assert.Equal(LifecycleStep.DrainBeforeReturn, first);
        Assert.Equal(LifecycleStep.DropCopyAndReportReturned, drained);
        Assert.Equal(CollectionPhase.Normal, lifecycle.Phase);
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

    /// <summary>What a sequence of events may never do, whatever the order and whichever messages come late.</summary>
    [Fact]
    public void Random_sequences_keep_the_rules_that_keep_acknowledged_writes()
    {
        var events = Gen.Int[0, 9].Select(Gen.Long[0, 40], Gen.Bool, (kind, version, flag) => (Kind: kind, Version: version, Flag: flag));
        events.Array[1, 40].Sample(sequence =>
        {
            var lifecycle = new CollectionLifecycle();
            foreach (var (kind, version, flag) in sequence)
            {
                var before = lifecycle.Phase;
                var known = lifecycle.KnownVersion;
                var step = kind switch
                {
                    0 => lifecycle.Enter(),
                    1 => lifecycle.Admitted(lifecycle.RestoreAttempt, flag ? AdmissionDirective.Serve : AdmissionDirective.WriteThrough, version),
                    2 => lifecycle.Restored(lifecycle.RestoreAttempt, flag ? null : "failed"),
                    3 => lifecycle.EnterFailover(version),
                    4 => lifecycle.SyncBackRequested(version),
                    5 => lifecycle.Drained(),
                    6 => lifecycle.SyncBackSucceeded(flag ? lifecycle.SyncBackAttempt ?? 0 : version),
                    7 => lifecycle.SyncBackFailed(),
                    8 => lifecycle.Return(version),
                    _ => lifecycle.Admitted(lifecycle.RestoreAttempt, AdmissionDirective.NotActive, version),
                };

                // The newest version known never goes back.
                Assert.True(lifecycle.KnownVersion >= known);
                // A command older than what is known changes nothing.
                if (kind is 3 or 4 or 8 && version < known)
                {
                    Assert.Equal(LifecycleStep.Ignore, step);
                    Assert.Equal(before, lifecycle.Phase);
                }

                // The seal is left only by a newer command or a failure of the sync-back it belongs to, never by a call.
                if (before == CollectionPhase.Sealed && lifecycle.Phase != CollectionPhase.Sealed)
                {
                    Assert.True(kind is 3 or 4 or 7 or 8 || step == LifecycleStep.Deactivate, $"left the seal on event {kind}");
                }

                // Writes go into the journal only after an admission and a restore.
                if (lifecycle.TakesFailoverWrites && before is CollectionPhase.Normal or CollectionPhase.RestoreFailed)
                {
                    Assert.Fail($"took failover writes straight from {before} on event {kind}");
                }
            }
        });
    }

    private static LifecycleStep Happen(CollectionLifecycle lifecycle, string happening) => happening switch
    {
        "enter" => lifecycle.Enter(),
        "admitted serve" => lifecycle.Admitted(lifecycle.RestoreAttempt, AdmissionDirective.Serve, Admission),
        "admitted not active" => lifecycle.Admitted(lifecycle.RestoreAttempt, AdmissionDirective.NotActive, Admission),
        "admitted by an older restore" => lifecycle.Admitted(lifecycle.RestoreAttempt - 1, AdmissionDirective.Serve, Admission),
        "admitted at an older version" => lifecycle.Admitted(lifecycle.RestoreAttempt, AdmissionDirective.Serve, Older),
        "restored" or "restored to write through" or "restored with a sync-back waiting" => lifecycle.Restored(lifecycle.RestoreAttempt, null),
        "restore failed" or "restore failed with a sync-back waiting" => lifecycle.Restored(lifecycle.RestoreAttempt, "disk error"),
        "restored by an older restore" => lifecycle.Restored(lifecycle.RestoreAttempt - 1, null),
        "failover" => lifecycle.EnterFailover(Newer),
        "stale failover" => lifecycle.EnterFailover(Older),
        "sync back" => lifecycle.SyncBackRequested(Newer),
        "sync back again" => lifecycle.SyncBackRequested(Attempt),
        "stale sync back" => lifecycle.SyncBackRequested(Older),
        "drained" or "drained for the return" => lifecycle.Drained(),
        "fresh generation" => lifecycle.SyncBackSucceeded(Attempt),
        "fresh generation of another attempt" => lifecycle.SyncBackSucceeded(Attempt - 1),
        "sync-back failed" or "sync-back failed while draining for the return" => lifecycle.SyncBackFailed(),
        "return" => lifecycle.Return(Newer),
        "stale return" => lifecycle.Return(Older),
        "journal failed" => lifecycle.JournalFailed(),
        _ => throw new ArgumentOutOfRangeException(nameof(happening), happening, "no such event"),
    };

    /// <summary>A lifecycle brought into <paramref name="phase"/> the way a collection gets there.</summary>
    private static CollectionLifecycle In(CollectionPhase phase, string happening = "")
    {
        var lifecycle = new CollectionLifecycle();
        if (phase == CollectionPhase.Normal)
        {
            return lifecycle;
        }

        if (phase == CollectionPhase.Broken)
        {
            lifecycle.JournalFailed();
            return lifecycle;
        }

        if (happening.Contains("sync-back waiting", StringComparison.Ordinal))
        {
            lifecycle.SyncBackRequested(Admission);
        }
        else
        {
            lifecycle.Enter();
        }

        if (phase == CollectionPhase.Restoring)
        {
            if (happening is "admitted at an older version")
            {
                lifecycle.EnterFailover(Admission); // a newer command came while the admission was on its way
            }
            else if (!happening.StartsWith("admitted", StringComparison.Ordinal))
            {
                lifecycle.Admitted(lifecycle.RestoreAttempt, happening == "restored to write through" ? AdmissionDirective.WriteThrough : AdmissionDirective.Serve, Admission);
            }

            if (happening.Contains("older restore", StringComparison.Ordinal))
            {
                // A restore started and left; this is a later one.
                lifecycle.Restored(lifecycle.RestoreAttempt, "first failed");
                lifecycle.Enter();
                if (happening.StartsWith("restored", StringComparison.Ordinal))
                {
                    lifecycle.Admitted(lifecycle.RestoreAttempt, AdmissionDirective.Serve, Admission);
                }
            }

            return lifecycle;
        }

        lifecycle.Admitted(lifecycle.RestoreAttempt, AdmissionDirective.Serve, Admission);
        if (phase == CollectionPhase.RestoreFailed)
        {
            lifecycle.Restored(lifecycle.RestoreAttempt, "disk error");
            return lifecycle;
        }

        lifecycle.Restored(lifecycle.RestoreAttempt, null);
        if (phase == CollectionPhase.Serving)
        {
            return lifecycle;
        }

        lifecycle.SyncBackRequested(Attempt);
        if (happening.Contains("for the return", StringComparison.Ordinal))
        {
            lifecycle.Return(Attempt + 1);
        }

        if (phase == CollectionPhase.Replaying)
        {
            return lifecycle;
        }

        lifecycle.Drained();
        return lifecycle;
    }
}
