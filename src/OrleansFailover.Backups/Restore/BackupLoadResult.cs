namespace OrleansFailover.Backups.Restore;

/// <summary>What a load put into the target store, per collection (target name to point count).</summary>
public sealed record BackupLoadResult(IReadOnlyDictionary<string, long> PointsByCollection)
{
    public long TotalPoints => PointsByCollection.Values.Sum();
}
