namespace OrleansFailover.Contracts.Service;

/// <summary>The outcome of one sync of a collection to a backup generation.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.SyncReport")]
public sealed record class SyncReport
{
    [Id(0)] public required string Collection { get; init; }
    [Id(1)] public required SyncOutcome Outcome { get; init; }
    [Id(2)] public required DateTimeOffset At { get; init; }
    [Id(3)] public long? Generation { get; init; }
    [Id(4)] public long Points { get; init; }
    [Id(5)] public long Bytes { get; init; }
    [Id(6)] public string? Checksum { get; init; }
    [Id(7)] public TimeSpan Duration { get; init; }

    /// <summary>Why it was skipped, or what failed.</summary>
    [Id(8)] public string? Reason { get; init; }

    /// <summary>The sync failed because Qdrant did (unreachable, timed out, failing): not because of what it holds.</summary>
    [Id(9)] public bool QdrantFailed { get; init; }
}
