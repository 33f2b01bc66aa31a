namespace OrleansFailover.Contracts.Service;

/// <summary>What a collection grain tells the failover grain, one way: reports go up, commands come down.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.CollectionReport")]
public abstract record class CollectionReport
{
    [Id(0)] public required string Collection { get; init; }
}
