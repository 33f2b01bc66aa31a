using OrleansFailover.Backups.Reading;

namespace OrleansFailover.Backups.Validation;

/// <summary>
/// The answer of a validation: valid or not, and every problem with what and where (the first
/// <see cref="Format.BackupLimits.MaxReportedProblems"/> of them listed, all of them counted).
/// </summary>
public sealed record BackupVerdict
{
    public required string Path { get; init; }

    public string? Version { get; init; }

    public long SizeBytes { get; init; }

    /// <summary>True when the checksum was present and matched; false when it did not; null when the format has none.</summary>
    public bool? ChecksumVerified { get; init; }

    public string? Checksum { get; init; }

    public long? Generation { get; init; }

    /// <summary>Where the collection journal's records that the file may lack begin (our format, written by a sync).</summary>
    public long? JournalSequence { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public IReadOnlyList<CollectionSummary> Collections { get; init; } = [];

    public IReadOnlyList<BackupProblem> Problems { get; init; } = [];

    public int ProblemCount { get; init; }

    public bool IsValid => ProblemCount == 0;

    public long TotalPoints => Collections.Sum(c => c.PointsFound);
}
