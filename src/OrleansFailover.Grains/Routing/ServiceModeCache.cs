using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Routing;

/// <summary>
/// Where traffic goes, as this silo last heard from the failover grain. Routing reads it on every call
/// without a grain call; it only moves forward (a newer version replaces an older one).
/// </summary>
public sealed class ServiceModeCache
{
    private ServiceMode _current = ServiceMode.Initial;

    public ServiceMode Current => Volatile.Read(ref _current);

    public event Action<ServiceMode>? Changed;

    public void Offer(ServiceMode mode)
    {
        while (true)
        {
            var current = Current;
            if (mode.Version <= current.Version)
            {
                return;
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref _current, mode, current), current))
            {
                Changed?.Invoke(mode);
                return;
            }
        }
    }
}
