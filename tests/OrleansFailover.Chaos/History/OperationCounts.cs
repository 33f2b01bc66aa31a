namespace OrleansFailover.Chaos.History;

/// <summary>How many operations of each kind ended each way.</summary>
public sealed record OperationCounts(
    int AcknowledgedUpserts,
    int FailedUpserts,
    int AcknowledgedDeletes,
    int FailedDeletes,
    int AcknowledgedReads,
    int FailedReads)
{
    public int Total => AcknowledgedUpserts + FailedUpserts + AcknowledgedDeletes + FailedDeletes + AcknowledgedReads + FailedReads;

    public int Failed => FailedUpserts + FailedDeletes + FailedReads;

    public int Of(OperationKind kind, OperationOutcome outcome) => (kind, outcome) switch
    {
        (OperationKind.Upsert, OperationOutcome.Acknowledged) => AcknowledgedUpserts,
        (OperationKind.Upsert, OperationOutcome.Failed) => FailedUpserts,
        (OperationKind.Delete, OperationOutcome.Acknowledged) => AcknowledgedDeletes,
        (OperationKind.Delete, OperationOutcome.Failed) => FailedDeletes,
        (OperationKind.Read, OperationOutcome.Acknowledged) => AcknowledgedReads,
        (OperationKind.Read, OperationOutcome.Failed) => FailedReads,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), $"{kind}/{outcome} is not an operation."),
    };
}
