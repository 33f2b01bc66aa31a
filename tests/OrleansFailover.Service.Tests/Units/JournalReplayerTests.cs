using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.SyncBack;
using OrleansFailover.Testing;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>The replay's rules on their own, against the in-memory store standing in for the recovered Qdrant.</summary>
public sealed class JournalReplayerTests
{
    private const string Name = "docs";
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly CollectionSchema Schema = TestPoints.DenseSchema(4, Distance.Dot);
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_each_points_last_write_counts_and_a_replay_run_twice_ends_the_same()
    {
        var target = await TargetWith(Point(1, "base"), Point(2, "base"));
        var records = new[]
        {
            Upsert(1, T0, [Point(1, "first")], prior: [new PriorImage(Id(1), Point(1, "base"))]),
            Delete(2, T0, [Id(1), Id(2)], prior: [new PriorImage(Id(2), Point(2, "base"))]),
            Upsert(3, T0, [Point(1, "last"), Point(3, "new")], prior: [new PriorImage(Id(3), null)]),
        };
        var checkpoints = new List<long>();

        var outcome = await Replayer(target, records, ConflictRule.NewestWins, batchPoints: 2)
            .ReplayAsync(records, s => { checkpoints.Add(s); return Task.CompletedTask; }, Cancel);
        var again = await Replayer(target, records, ConflictRule.NewestWins)
            .ReplayAsync(records, _ => Task.CompletedTask, Cancel);

        Assert.Equal(["last", "new"], await Tags(target, 1, 2, 3));
        Assert.Equal(0, outcome.Conflicts);
        Assert.Equal(0, again.Conflicts);
        Assert.Equal([1L, 2L, 3L], checkpoints);
    }

    [Theory]
    [InlineData(ConflictRule.NewestWins, "journal", 0)]
    [InlineData(ConflictRule.JournalWins, "journal", 0)]
    [InlineData(ConflictRule.PrimaryWins, "qdrant", 1)]
    public async Task A_point_changed_on_both_sides_is_a_conflict_the_rule_settles(ConflictRule rule, string survivor, long keptPrimary)
    {
        // Qdrant's copy is neither the prior image nor any version the journal wrote: changed behind the service's back.
        var target = await TargetWith(Point(1, "qdrant"));
        var records = new[] { Upsert(1, T0, [Point(1, "journal")], prior: [new PriorImage(Id(1), Point(1, "base"))]) };

        var outcome = await Replayer(target, records, rule).ReplayAsync(records, _ => Task.CompletedTask, Cancel);

        Assert.Equal(1, outcome.Conflicts);
        Assert.Equal(keptPrimary, outcome.ConflictsKeptPrimary);
        Assert.Equal([survivor], await Tags(target, 1));
    }

    [Fact]
    public async Task A_write_that_reached_qdrant_through_the_service_after_a_journaled_one_is_kept_whatever_the_rule()
    {
        // The journal orders every write through the service: point 2's write reached Qdrant before the failover
        // write (sequence 1), point 1's after it (sequence 3), from a router that still sent to Qdrant.
        var target = await TargetWith(Point(1, "late router"), Point(2, "early router"));
        var epoch = new[]
        {
            Upsert(1, T0, [Point(2, "early router")], origin: JournalOrigin.Primary),
            Upsert(2, T0, [Point(1, "journal"), Point(2, "journal")], prior: [new PriorImage(Id(1), Point(1, "base")), new PriorImage(Id(2), Point(2, "early router"))]),
            Upsert(3, T0, [Point(1, "late router")], origin: JournalOrigin.Primary),
        };

        foreach (var rule in Enum.GetValues<ConflictRule>())
        {
            await target.UpsertAsync(Name, [Point(1, "late router"), Point(2, "early router")], Cancel);
            var outcome = await Replayer(target, epoch, rule)
                .ReplayAsync(epoch.Where(r => r.Origin == JournalOrigin.Failover).ToArray(), _ => Task.CompletedTask, Cancel);

            Assert.Equal(0, outcome.Conflicts);
            Assert.Equal(["late router", "journal"], await Tags(target, 1, 2));
        }
    }

    [Fact]
    public async Task A_copy_the_journal_itself_wrote_is_not_a_conflict_when_an_interrupted_replay_resumes()
    {
        var target = await TargetWith(Point(1, "v1"));
        var records = new[]
        {
            Upsert(1, T0, [Point(1, "v1")], prior: [new PriorImage(Id(1), Point(1, "base"))]),
            Upsert(2, T0, [Point(1, "v2")]),
        };

        var outcome = await Replayer(target, records, ConflictRule.PrimaryWins).ReplayAsync(records[1..], _ => Task.CompletedTask, Cancel);

        Assert.Equal(0, outcome.Conflicts);
        Assert.Equal(["v2"], await Tags(target, 1));
    }

    private static JournalReplayer Replayer(InMemoryVectorStore target, IEnumerable<JournalRecord> learned, ConflictRule rule, int batchPoints = 1024)
    {
        var replayer = new JournalReplayer(target, Name, rule, batchPoints);
        foreach (var record in learned)
        {
            replayer.Learn(record);
        }

        return replayer;
    }

    private static async Task<InMemoryVectorStore> TargetWith(params VectorPoint[] points)
    {
        var store = new InMemoryVectorStore();
        await store.CreateCollectionAsync(Name, Schema, Cancel);
        await store.UpsertAsync(Name, points, Cancel);
        return store;
    }

    private static async Task<string[]> Tags(InMemoryVectorStore store, params ulong[] ids) =>
        (await store.GetAsync(Name, ids.Select(Id).ToArray(), cancellationToken: Cancel))
            .OrderBy(p => p.Id.Number)
            .Select(p => p.Payload["tag"].AsString)
            .ToArray();

    private static PointId Id(ulong id) => PointId.FromNumber(id);

    private static VectorPoint Point(ulong id, string tag) =>
        TestPoints.Dense(Id(id), "dense", [id, 1, 2, 3], TestPoints.Payload(("tag", tag)));

    private static JournalRecord Upsert(
        long sequence, DateTimeOffset at, VectorPoint[] points, PriorImage[]? prior = null, JournalOrigin origin = JournalOrigin.Failover) => new()
    {
        Sequence = sequence, AcceptedAt = at, Origin = origin, Operation = JournalOperation.Upsert, Points = points, Prior = prior ?? [],
    };

    private static JournalRecord Delete(long sequence, DateTimeOffset at, PointId[] ids, PriorImage[]? prior = null) => new()
    {
        Sequence = sequence, AcceptedAt = at, Origin = JournalOrigin.Failover, Operation = JournalOperation.Delete, DeletedIds = ids, Prior = prior ?? [],
    };
}
