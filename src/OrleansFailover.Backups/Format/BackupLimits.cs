using OrleansFailover.Contracts;

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

    /// <summary>
    /// What in <paramref name="point"/> a backup could not hold within these limits, or null when it fits: the check the
    /// writer makes before it writes a point (<see cref="Writing.BackupPointRefusedException"/>), for a service to make
    /// before it accepts one. It measures the point as written in our format: every JSON token with its escaping (the
    /// writer's encoder can make a string up to six times longer), the nesting depth at a point's place in a file, the
    /// sparse non-zeros and the dense dimensions the reader takes. Nothing is written or allocated per byte.
    /// </summary>
    public string? Check(VectorPoint point) => Writing.BackupPointCheck.FindProblem(point, this, Writing.BackupFileFormat.Native);
}
