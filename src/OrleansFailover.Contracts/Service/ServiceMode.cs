namespace OrleansFailover.Contracts.Service;

/// <summary>
/// Where traffic goes, as every silo caches it. <see cref="Version"/> grows with every transition, so a
/// cache keeps the newest it has seen.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.ServiceMode")]
public sealed record class ServiceMode(
    [property: Id(0)] long Version,
    [property: Id(1)] CircuitState Circuit,
    [property: Id(2)] bool FailoverActive,
    [property: Id(3)] DateTimeOffset? FailoverSince)
{
    public static readonly ServiceMode Initial = new(0, CircuitState.Closed, false, null);
}
