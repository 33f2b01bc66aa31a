namespace OrleansFailover.Contracts.Service;

/// <summary>The collection acted on the return to Qdrant of <see cref="ModeVersion"/>: it holds no copy any more.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.ServingEnded")]
public sealed record class ServingEnded : CollectionReport
{
    [Id(0)] public required long ModeVersion { get; init; }
}
