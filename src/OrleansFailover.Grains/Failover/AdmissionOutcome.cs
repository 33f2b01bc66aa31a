using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Failover;

/// <summary>What <see cref="CollectionRoster.Admit"/> decided: the answer, and what the failover grain must do before and after giving it.</summary>
public sealed record AdmissionOutcome(AdmissionDirective Directive, bool StateChanged, bool OwesSyncBack);
