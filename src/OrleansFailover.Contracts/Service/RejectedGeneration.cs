namespace OrleansFailover.Contracts.Service;

/// <summary>A backup generation that failed validation during a restore, and why.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.RejectedGeneration")]
public sealed record class RejectedGeneration(
    [property: Id(0)] long Generation,
    [property: Id(1)] string Reason);
