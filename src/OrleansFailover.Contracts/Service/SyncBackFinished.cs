namespace OrleansFailover.Contracts.Service;

/// <summary>A collection's part of a sync-back ended (completed or failed); <see cref="SyncBackReport.Attempt"/> says which one.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.SyncBackFinished")]
public sealed record class SyncBackFinished : CollectionReport
{
    [Id(0)] public required SyncBackReport Report { get; init; }
}
