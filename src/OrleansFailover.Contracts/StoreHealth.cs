namespace OrleansFailover.Contracts;

/// <summary>The answer of a store's health check.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.StoreHealth")]
public sealed record class StoreHealth(
    [property: Id(0)] bool IsHealthy,
    [property: Id(1)] string Description);
