using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Failover;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>The failover grain's rules about collections: registration, admission, who owes a sync-back, who confirmed the return.</summary>
public sealed class CollectionRosterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_illegal_name_is_refused_and_names_left_in_old_state_are_dropped()
    {
        var state = new FailoverState();
        state.Collections.Add("../outside");
        state.SyncBackPending.Add("../outside");
        state.Collections.Add("docs");
        var roster = new CollectionRoster(state);

        var refused = Assert.Throws<VectorStoreException>(() => roster.Register("a/b"));
        var dropped = roster.DropIllegalNames();

        Assert.Equal(VectorStoreErrorKind.InvalidArgument, refused.Kind);
        Assert.Equal(["../outside"], dropped);
        Assert.Equal(["docs"], state.Collections);
        Assert.Empty(state.SyncBackPending);
    }

    [Fact]
    public void While_closed_a_collection_is_not_admitted_and_nothing_changes()
    {
        var state = new FailoverState();

        var outcome = new CollectionRoster(state).Admit("docs");

        Assert.Equal(AdmissionDirective.NotActive, outcome.Directive);
        Assert.False(outcome.StateChanged);
        Assert.Empty(state.Collections);
    }

    [Fact]
    public void While_open_a_collection_is_admitted_to_serve_and_becomes_known()
    {
        var (state, roster) = Open();

        var outcome = roster.Admit("docs");

        Assert.Equal(AdmissionDirective.Serve, outcome.Directive);
        Assert.True(outcome.StateChanged);
        Assert.False(outcome.OwesSyncBack);
        Assert.Contains("docs", state.Collections);
    }

    [Fact]
    public void During_sync_back_a_collection_still_owed_serves_and_one_already_done_writes_through()
    {
        var (state, roster) = Open("a", "b");
        BeginSyncBack(state, roster);
        roster.Finished(Report("a", state.SyncBackAttempt, SyncBackPhase.Completed));

        var done = roster.Admit("a");
        var owed = roster.Admit("b");

        Assert.Equal(AdmissionDirective.WriteThrough, done.Directive);
        Assert.Equal(AdmissionDirective.Serve, owed.Directive);
        Assert.False(done.StateChanged);
        Assert.False(owed.StateChanged);
    }

    [Fact]
    public void A_collection_new_during_sync_back_is_admitted_and_the_circuit_waits_for_its_replay()
    {
        var (state, roster) = Open("a");
        BeginSyncBack(state, roster);

        var outcome = roster.Admit("new");
        var afterA = roster.Finished(Report("a", state.SyncBackAttempt, SyncBackPhase.Completed));

        Assert.Equal(AdmissionDirective.Serve, outcome.Directive);
        Assert.True(outcome.StateChanged);
        Assert.True(outcome.OwesSyncBack);
        Assert.Equal(SyncBackProgress.Pending, afterA);
        Assert.Equal(["new"], state.SyncBackPending);
    }

    [Fact]
    public void Reports_count_only_for_the_attempt_under_way_and_the_last_one_ends_it()
    {
        var (state, roster) = Open("a", "b");
        BeginSyncBack(state, roster);
        var attempt = state.SyncBackAttempt;

        Assert.Equal(SyncBackProgress.Ignored, roster.Finished(Report("a", attempt - 1, SyncBackPhase.Failed)));
        Assert.Equal(SyncBackProgress.Pending, roster.Finished(Report("a", attempt, SyncBackPhase.Completed)));
        Assert.Equal(SyncBackProgress.Ignored, roster.Finished(Report("a", attempt, SyncBackPhase.Completed)));
        Assert.Equal(SyncBackProgress.Failed, roster.Finished(Report("b", attempt, SyncBackPhase.Failed)));
        Assert.Equal(SyncBackProgress.AllDone, roster.Finished(Report("b", attempt, SyncBackPhase.Completed)));
    }

    [Fact]
    public void The_return_is_confirmed_collection_by_collection_for_the_version_that_closed_the_circuit()
    {
        var (state, roster) = Open("a", "b");
        BeginSyncBack(state, roster);
        roster.Finished(Report("a", state.SyncBackAttempt, SyncBackPhase.Completed));
        roster.Finished(Report("b", state.SyncBackAttempt, SyncBackPhase.Completed));
        new CircuitBreaker(state, 3, TimeSpan.FromSeconds(30)).CompleteSyncBack("done");
        roster.BeginReturn();

        Assert.False(roster.ServingEnded("a", state.ModeVersion - 1));
        Assert.True(roster.ServingEnded("a", state.ModeVersion));
        Assert.False(roster.ServingEnded("a", state.ModeVersion));
        Assert.Equal(["b"], state.ReturnPending);
    }

    private static (FailoverState State, CollectionRoster Roster) Open(params string[] collections)
    {
        var state = new FailoverState();
        var roster = new CollectionRoster(state);
        foreach (var collection in collections)
        {
            roster.Register(collection);
        }

        new CircuitBreaker(state, 3, TimeSpan.FromSeconds(30)).ForceFailover(T0, "test");
        return (state, roster);
    }

    private static void BeginSyncBack(FailoverState state, CollectionRoster roster)
    {
        var transition = new CircuitBreaker(state, 3, TimeSpan.FromSeconds(30)).ForceReturn(T0, "test");
        Assert.True(transition!.StartsSyncBack);
        roster.BeginSyncBack();
    }

    private static SyncBackReport Report(string collection, long attempt, SyncBackPhase phase) =>
        new() { Collection = collection, StartedAt = T0, Phase = phase, Attempt = attempt };
}
