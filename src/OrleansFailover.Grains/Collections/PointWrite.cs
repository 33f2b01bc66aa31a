using OrleansFailover.Backups.Journal;
using OrleansFailover.Contracts;
using OrleansFailover.VectorStores;
using OrleansFailover.VectorStores.InMemory;

namespace OrleansFailover.Grains.Collections;

/// <summary>
/// One write to a collection, whatever its kind: applied to Qdrant, to the in-memory copy, or journaled as a failover
/// write. A new kind of write (set payload, delete by filter, update vectors) is one more case here and in the journal.
/// </summary>
public abstract record PointWrite
{
    private PointWrite()
    {
    }

    public abstract JournalOperation Operation { get; }

    /// <summary>The points an upsert writes; empty for the other kinds.</summary>
    public virtual IReadOnlyList<VectorPoint> Points => [];

    /// <summary>The ids a delete removes; empty for the other kinds.</summary>
    public virtual IReadOnlyList<PointId> Ids => [];

    public abstract Task ApplyAsync(IVectorStore store, string collection);

    public abstract void Apply(InMemoryVectorStore copy, string collection);

    public abstract Task<bool> JournalAsync(FailoverWriter writer, Func<bool> mayJournal);

    public sealed record Upsert(IReadOnlyList<VectorPoint> Batch) : PointWrite
    {
        public override JournalOperation Operation => JournalOperation.Upsert;

        public override IReadOnlyList<VectorPoint> Points => Batch;

        public override Task ApplyAsync(IVectorStore store, string collection) => store.UpsertAsync(collection, Batch);

        public override void Apply(InMemoryVectorStore copy, string collection) => copy.Upsert(collection, Batch);

        public override Task<bool> JournalAsync(FailoverWriter writer, Func<bool> mayJournal) => writer.TryUpsertAsync(Batch, mayJournal);
    }

    public sealed record Delete(IReadOnlyList<PointId> Deleted) : PointWrite
    {
        public override JournalOperation Operation => JournalOperation.Delete;

        public override IReadOnlyList<PointId> Ids => Deleted;

        public override Task ApplyAsync(IVectorStore store, string collection) => store.DeleteAsync(collection, Deleted);

        public override void Apply(InMemoryVectorStore copy, string collection) => copy.Delete(collection, Deleted);

        public override Task<bool> JournalAsync(FailoverWriter writer, Func<bool> mayJournal) => writer.TryDeleteAsync(Deleted, mayJournal);
    }
}
