namespace OrleansFailover.Contracts.Service;

/// <summary>A collection's journal of writes, as operators see it (<c>client journal</c>, status).</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.JournalStatus")]
public sealed record class JournalStatus
{
    [Id(0)] public long SizeBytes { get; init; }
    [Id(1)] public int Segments { get; init; }

    /// <summary>Records kept: writes since the oldest retained backup generation began, both kinds.</summary>
    [Id(2)] public long Records { get; init; }
    [Id(3)] public DateTimeOffset? OldestRecordAt { get; init; }

    /// <summary>Writes accepted during failover that Qdrant does not have yet.</summary>
    [Id(4)] public long PendingRecords { get; init; }
    [Id(5)] public long ReplayedThrough { get; init; }
    [Id(6)] public long NextSequence { get; init; }

    /// <summary>Bytes of a torn last record (a crash mid-append) dropped when the journal was opened.</summary>
    [Id(7)] public long DroppedTornBytes { get; init; }

    /// <summary>Set when the journal cannot be used (damaged, unreadable): writes during failover are refused.</summary>
    [Id(8)] public string? Error { get; init; }
}
