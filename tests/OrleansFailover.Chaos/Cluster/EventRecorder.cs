using System.Collections.Concurrent;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Chaos.Cluster;

/// <summary>Subscribes to the service's events and lets a test wait for one, instead of sleeping or polling.</summary>
public sealed class EventRecorder : IFailoverObserver
{
    private readonly ConcurrentQueue<ServiceEvent> _events = new();
    private readonly List<(Func<ServiceEvent, bool> Match, TaskCompletionSource<ServiceEvent> Done)> _waiters = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyCollection<ServiceEvent> Events => _events.ToArray();

    public Task OnEvent(ServiceEvent serviceEvent)
    {
        _events.Enqueue(serviceEvent);
        lock (_gate)
        {
            _next.TrySetResult();
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var waiter in _waiters.Where(w => w.Match(serviceEvent)).ToArray())
            {
                waiter.Done.TrySetResult(serviceEvent);
                _waiters.Remove(waiter);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>An event matching <paramref name="match"/>, already seen or yet to come; fails after the timeout.</summary>
    public async Task<ServiceEvent> WaitFor(
        Func<ServiceEvent, bool> match, TimeSpan? timeout = null, string? what = null, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource<ServiceEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var seen = _events.FirstOrDefault(match);
            if (seen is not null)
            {
                return seen;
            }

            _waiters.Add((match, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }

            throw new TimeoutException(
                $"No event {what ?? "matching"} arrived; seen: {string.Join("; ", _events.Select(e => $"{e.Kind} {e.Collection} {e.Message}"))}");
        }
    }

    public Task<ServiceEvent> WaitFor(ServiceEventKind kind, string? collection = null, TimeSpan? timeout = null) =>
        WaitFor(e => e.Kind == kind && (collection is null || e.Collection == collection), timeout, $"{kind} {collection}");

    /// <summary>Completes when the next event arrives, whatever it is.</summary>
    public Task NextEvent()
    {
        lock (_gate)
        {
            return _next.Task;
        }
    }

    /// <summary>Forgets what was seen, so the next wait only counts what happens after this.</summary>
    public void Clear() => _events.Clear();
}
