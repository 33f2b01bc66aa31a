using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OrleansFailover.Contracts.Security;

namespace OrleansFailover.Grains.Security;

/// <summary>
/// The calls this silo refused: each is logged and counted (metric <c>orleans_failover.security.calls_refused</c>, by
/// denial), so that operators see probing, and one-way calls, which return nothing to their caller, leave a trace.
/// </summary>
public sealed class CallRefusals
{
    private readonly Counter<long> _refused;
    private readonly ILogger<CallRefusals> _logger;
    private readonly object _gate = new();
    private readonly List<(long Count, TaskCompletionSource Reached)> _waiting = [];
    private long _count;

    public CallRefusals(IMeterFactory meters, ILogger<CallRefusals> logger)
    {
        _refused = meters.Create(Telemetry.FailoverMetrics.MeterName)
            .CreateCounter<long>("orleans_failover.security.calls_refused", "{call}", "Grain calls refused before they ran: unauthenticated, or not permitted.");
        _logger = logger;
    }

    public long Count => Interlocked.Read(ref _count);

    public void Refused(string call, string target, string source, AccessDenial denial, string reason)
    {
        SecurityLog.CallRefused(_logger, call, target, source, denial, reason);
        _refused.Add(1, new KeyValuePair<string, object?>("denial", denial.ToString()));
        lock (_gate)
        {
            _count++;
            foreach (var waiter in _waiting.Where(w => w.Count <= _count).ToList())
            {
                _waiting.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }

    /// <summary>Completes once this silo has refused <paramref name="count"/> calls in all.</summary>
    public Task WhenAtLeast(long count)
    {
        lock (_gate)
        {
            if (_count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((count, reached));
            return reached.Task;
        }
    }
}
