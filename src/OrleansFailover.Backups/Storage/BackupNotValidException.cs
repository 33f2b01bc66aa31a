using OrleansFailover.Backups.Reading;
using OrleansFailover.Backups.Validation;

namespace OrleansFailover.Backups.Storage;

/// <summary>
/// A completed backup that did not validate when it was read back before publishing: it was deleted, never published,
/// and the previous generations were left as they were. <see cref="Verdict"/> says what is wrong and where.
/// </summary>
public sealed class BackupNotValidException(string collection, long generation, BackupVerdict verdict)
    : Exception(Describe(collection, generation, verdict))
{
    private const int ProblemsInMessage = 3;

    public string Collection { get; } = collection;

    public long Generation { get; } = generation;

    public BackupVerdict Verdict { get; } = verdict;

    /// <summary>The first problems the validation found (<see cref="BackupVerdict.ProblemCount"/> counts them all).</summary>
    public IReadOnlyList<BackupProblem> Problems => Verdict.Problems;

    private static string Describe(string collection, long generation, BackupVerdict verdict)
    {
        var shown = string.Join("; ", verdict.Problems.Take(ProblemsInMessage));
        var more = verdict.ProblemCount > ProblemsInMessage ? $" (and {verdict.ProblemCount - ProblemsInMessage} more)" : string.Empty;
        return $"Generation {generation} of '{collection}' did not validate, so it was not published: {shown}{more}.";
    }
}
