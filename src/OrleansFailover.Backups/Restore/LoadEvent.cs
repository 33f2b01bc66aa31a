using OrleansFailover.Backups.Reading;
using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Restore;

/// <summary>What the reading thread hands the loading side: a collection to create, points, its end, or a problem.</summary>
internal abstract record LoadEvent
{
    public sealed record Begin(string Collection, CollectionSchema Schema) : LoadEvent;

    public sealed record Points(string Collection, IReadOnlyList<VectorPoint> Batch) : LoadEvent;

    public sealed record End(string Collection) : LoadEvent;

    public sealed record Problem(BackupProblem Details) : LoadEvent;
}
