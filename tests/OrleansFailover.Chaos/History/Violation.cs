namespace OrleansFailover.Chaos.History;

/// <summary>One observation (a final value, or an acknowledged read) that no allowed order of the writes explains.</summary>
public sealed class Violation
{
    private readonly Lazy<string> _description;

    /// <param name="describe">Builds <see cref="Description"/> on first use: a badly broken run has tens of thousands of
    /// violations, and formatting every one (most never printed) would cost more than the check itself.</param>
    internal Violation(Func<string> describe) => _description = new Lazy<string>(describe);

    public required ViolationKind Kind { get; init; }

    public required ulong Point { get; init; }

    /// <summary>The token observed, or null for absent.</summary>
    public required long? Observed { get; init; }

    /// <summary>The read that observed it, or null when it is the final state.</summary>
    public HistoryOperation? Read { get; init; }

    /// <summary>The write whose token was observed, when some write to this point carries it.</summary>
    public PointWrite? ObservedWrite { get; init; }

    /// <summary>
    /// The acknowledged write the observation should have reflected: the last acknowledged write (lost), the delete
    /// that followed the observed upsert (resurrected), or the write acknowledged before the read began (invisible).
    /// Null for phantoms.
    /// </summary>
    public PointWrite? Missed { get; init; }

    /// <summary>
    /// Writes whose value would have been accepted here, most recent first: acknowledged ones, then failed ones.
    /// At most a few are listed; <see cref="CandidatesNotListed"/> counts the rest.
    /// </summary>
    public required IReadOnlyList<PointWrite> Candidates { get; init; }

    public required int CandidatesNotListed { get; init; }

    /// <summary>One line, times in milliseconds from the history's first invocation.</summary>
    public string Description => _description.Value;

    public override string ToString() => Description;
}
