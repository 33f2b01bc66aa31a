namespace OrleansFailover.Contracts.Service;

/// <summary>
/// The failover grain's answer when a collection asks to be served from its backup. Only an admission lets a
/// collection take writes into its journal: the failover grain records, before it answers, that the collection must
/// sync back before traffic returns to Qdrant, so no journaled write can be left behind when the circuit closes.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.Admission")]
public sealed record class Admission(
    [property: Id(0)] AdmissionDirective Directive,
    [property: Id(1)] ServiceMode Mode);
