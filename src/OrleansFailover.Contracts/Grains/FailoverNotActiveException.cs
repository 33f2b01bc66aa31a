using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Contracts.Grains;

/// <summary>
/// A collection grain was asked to serve from its backup while failover is not active: the caller's cached mode
/// was behind (it learns within a second). <see cref="Mode"/> is the failover grain's current mode; the router
/// takes it and sends the call to Qdrant instead.
/// </summary>
[GenerateSerializer, Alias("OrleansFailover.FailoverNotActiveException")]
public sealed class FailoverNotActiveException(string collection, ServiceMode mode)
    : Exception($"Collection '{collection}' is not served from the backup: failover is not active (mode version {mode.Version}).")
{
    [Id(0)]
    public ServiceMode Mode { get; } = mode;
}
