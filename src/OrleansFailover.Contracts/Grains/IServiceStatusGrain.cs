using Orleans.Concurrency;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Contracts.Grains;

/// <summary>
/// The whole service at a glance (dashboards, <c>client status</c>, <c>/status</c>): the circuit from the failover
/// grain and every collection's status from its grain, asked side by side. A local worker on every silo (key 0), so
/// that neither the failover grain nor the collection grains ever wait on each other for it.
/// </summary>
[Alias("OrleansFailover.IServiceStatusGrain")]
public interface IServiceStatusGrain : IGrainWithIntegerKey
{
    [ReadOnly, Alias("GetStatus")]
    Task<FailoverStatus> GetStatus();
}
