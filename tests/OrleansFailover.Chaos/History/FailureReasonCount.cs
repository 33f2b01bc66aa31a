namespace OrleansFailover.Chaos.History;

/// <summary>How many failed operations reported this reason to their caller.</summary>
public sealed record FailureReasonCount(string Reason, int Count);
