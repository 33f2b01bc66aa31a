namespace OrleansFailover.Contracts.Service;

/// <summary>The last health probe of Qdrant.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.HealthCheckRecord")]
public sealed record class HealthCheckRecord(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] bool Healthy,
    [property: Id(2)] string Description);
