using Orleans.Concurrency;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Security;

namespace OrleansFailover.Grains.Operator;

/// <summary>
/// The operator's commands, as clients may give them: each is checked (a collection's name must be legal) and
/// passed to the grain that carries it out. The grains behind it are coordination between silos and refuse clients.
/// </summary>
[StatelessWorker]
public sealed class ServiceControlGrain : Grain, IServiceControlGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.EnsureKey(0);
        return Task.CompletedTask;
    }

    private IFailoverGrain Failover => GrainFactory.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);

    public Task<ServiceMode> GetMode() => Failover.GetMode();

    public Task<ServiceMode> ForceFailover(string reason) => Failover.ForceFailover(Reason(reason));

    public Task<ServiceMode> ForceReturn(string reason) => Failover.ForceReturn(Reason(reason));

    public Task<SyncReport> SyncNow(string collection) => Collection(collection).SyncNow();

    public Task<SyncBackReport> ReplayJournal(string collection) => Collection(collection).ReplayJournal();

    private ICollectionBackupGrain Collection(string collection)
    {
        CollectionNames.EnsureValid(collection);
        return GrainFactory.GetGrain<ICollectionBackupGrain>(collection);
    }

    /// <summary>The operator's reason goes to the log and to status: one line of bounded length.</summary>
    private static string Reason(string? reason)
    {
        const int MaxLength = 200;
        var line = string.IsNullOrWhiteSpace(reason) ? "no reason given" : reason.ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxLength ? line : line[..MaxLength] + "…";
    }
}
