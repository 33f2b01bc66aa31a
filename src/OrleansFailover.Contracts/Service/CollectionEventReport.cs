namespace OrleansFailover.Contracts.Service;

/// <summary>Something operators want to hear about (a sync, a restore, a seal), passed on to subscribers.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.CollectionEventReport")]
public sealed record class CollectionEventReport : CollectionReport
{
    [Id(0)] public required ServiceEvent Event { get; init; }
}
