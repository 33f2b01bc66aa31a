using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Grains.Routing;

/// <summary>
/// The routing mode as this silo last heard it from the failover grain, its one owner: every value offered here
/// comes from that grain (a refresh, or its answer to an admission or a reported failure), and it only moves forward
/// (a newer version replaces an older one). Read without a grain call: to list collections, to skip periodic syncs
/// while the circuit is not closed, and so that a collection learns of a failover whose command has not reached it.
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
