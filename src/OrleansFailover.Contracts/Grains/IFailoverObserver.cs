using Orleans.Concurrency;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Contracts.Grains;

/// <summary>Receives service events (circuit transitions, syncs, restores) as they happen.</summary>
[Alias("OrleansFailover.IFailoverObserver")]
public interface IFailoverObserver : IGrainObserver
{
    [OneWay, Alias("OnEvent")]
    Task OnEvent(ServiceEvent serviceEvent);
}
