namespace OrleansFailover.Backups.Format;

/// <summary>
/// Bounds that keep a hostile or broken file from exhausting memory or stack: every one of them ends the
/// read with a problem that names the limit.
/// </summary>
public sealed record BackupLimits
{
    public static BackupLimits Default { get; } = new();

    /// <summary>The largest single JSON token (a string, a number): the read buffer never grows past it.</summary>
    public int MaxTokenBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Nesting depth of the JSON, payloads included.</summary>
    public int MaxDepth { get; init; } = 64;

    public int MaxCollections { get; init; } = 10_000;

    public long MaxPointsPerCollection { get; init; } = 50_000_000;

    public int MaxSparseNonZeros { get; init; } = 1_000_000;

    /// <summary>Points that appear before their collection's config are held until it arrives, up to this many.</summary>
    public int MaxPointsBeforeConfig { get; init; } = 100_000;

    /// <summary>How many problems a verdict lists before it only counts them.</summary>
    public int MaxReportedProblems { get; init; } = 100;
}
