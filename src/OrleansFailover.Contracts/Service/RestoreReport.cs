namespace OrleansFailover.Contracts.Service;

/// <summary>
/// What a restore into the in-memory store did: which generation it restored after validation, which newer
/// ones it rejected and why, or that it had to start empty.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.RestoreReport")]
public sealed record class RestoreReport
{
    [Id(0)] public required string Collection { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }

    /// <summary>The generation restored; null when none was valid.</summary>
    [Id(2)] public long? Generation { get; init; }
    [Id(3)] public long Points { get; init; }
    [Id(4)] public IReadOnlyList<RejectedGeneration> Rejected { get; init; } = [];

    /// <summary>No valid backup: the collection serves empty (if its schema is known) until Qdrant returns.</summary>
    [Id(5)] public bool StartedEmpty { get; init; }

    /// <summary>Set when the collection cannot be served from the backup at all.</summary>
    [Id(6)] public string? Error { get; init; }
    [Id(7)] public TimeSpan Duration { get; init; }

    /// <summary>Where the restored generation's copy began in the collection journal (records from here on were applied).</summary>
    [Id(8)] public long? JournalSequence { get; init; }

    /// <summary>Journal records applied on top of the generation: writes made after its copy began.</summary>
    [Id(9)] public long JournalRecordsApplied { get; init; }

    /// <summary>No valid backup and no schema known: the collection is absent from the backup until it is created (or Qdrant returns).</summary>
    [Id(10)] public bool SchemaUnknown { get; init; }

    /// <summary>A one-line verdict for status displays.</summary>
    public string Verdict => Error is not null
        ? $"unavailable: {Error}"
        : SchemaUnknown
            ? $"NO VALID BACKUP and no known schema ({Rejected.Count} rejected): unavailable until it is created or Qdrant returns"
        : StartedEmpty
            ? JournalRecordsApplied > 0
                ? $"NO VALID BACKUP ({Rejected.Count} rejected): rebuilt from the journal alone ({JournalRecordsApplied} writes)"
                : $"EMPTY: no valid backup ({Rejected.Count} rejected)"
            : Rejected.Count == 0
                ? $"restored generation {Generation} ({Points} points){JournalNote}"
                : $"restored generation {Generation} ({Points} points){JournalNote} after rejecting {string.Join(", ", Rejected.Select(r => r.Generation))}";

    private string JournalNote => JournalRecordsApplied > 0 ? $" + {JournalRecordsApplied} journaled writes" : string.Empty;
}
