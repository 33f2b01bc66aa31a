using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Failover;

/// <summary>
/// Plumbing of the failover grain: a health probe runs off the grain's turn (a hung Qdrant must not hold up
/// mode queries and failure reports for the probe's deadline) and hands its result back through this call.
/// </summary>
[Alias("OrleansFailover.IFailoverProbeSink")]
public interface IFailoverProbeSink : IGrainWithIntegerKey
{
    [Alias("CompleteProbe")]
    Task CompleteProbe(HealthCheckRecord result);
}
