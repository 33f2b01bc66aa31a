namespace OrleansFailover.Contracts.Service;

/// <summary>Something operators (and tests) want to hear about as it happens.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.ServiceEvent")]
public sealed record class ServiceEvent(
    [property: Id(0)] ServiceEventKind Kind,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string? Collection,
    [property: Id(3)] string Message,
    [property: Id(4)] long ModeVersion);
