using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;

namespace OrleansFailover.QdrantTestServer.Faults;

/// <summary>
/// Faults a test switches at run time: answer UNAVAILABLE, add latency, or let N calls through and fail
/// the rest (for example, fail a scroll half way). Counts the calls each method received.
/// </summary>
public sealed class FaultInjector
{
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private FailAfterRule? _failAfter;
    private volatile bool _unavailable;
    private long _latencyTicks;
    private HeldCalls? _held;
    private readonly List<(string Method, string? Collection, TaskCompletionSource Arrived)> _awaited = [];

    /// <summary>Raised when a call arrives, with the method's short name (e.g. "Scroll"), before any fault applies.</summary>
    public event Action<string>? CallReceived;

    /// <summary>When true every call answers UNAVAILABLE, as a Qdrant that is going down does.</summary>
    public bool Unavailable
    {
        get => _unavailable;
        set => _unavailable = value;
    }

    /// <summary>Added before every call is handled.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>
    /// Lets <paramref name="successfulCalls"/> calls (of <paramref name="method"/>, or of any method) through
    /// from now on, then fails the next <paramref name="failures"/> (by default every further one) with
    /// <paramref name="status"/>; after those, calls succeed again (a blip rather than an outage).
    /// </summary>
    public void FailAfter(int successfulCalls, string? method = null, StatusCode status = StatusCode.Unavailable, int failures = int.MaxValue)
    {
        lock (_gate)
        {
            _failAfter = new FailAfterRule(successfulCalls, method, status, failures);
        }
    }

    /// <summary>
    /// Holds every call of <paramref name="method"/> (as a Qdrant that stopped answering does), or only those for
    /// <paramref name="collection"/>, until <see cref="ReleaseHeld"/>; a held call still ends at its deadline.
    /// </summary>
    public void Hold(string method, string? collection = null)
    {
        lock (_gate)
        {
            _held?.Release.TrySetResult();
            _held = new HeldCalls(method, collection, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    /// <summary>Completes when the next call of <paramref name="method"/> (for <paramref name="collection"/>, if given) arrives.</summary>
    public Task NextCall(string method, string? collection = null)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _awaited.Add((method, collection, arrived));
        }

        return arrived.Task;
    }

    public void ReleaseHeld()
    {
        lock (_gate)
        {
            _held?.Release.TrySetResult();
            _held = null;
        }
    }

    public void Reset()
    {
        ReleaseHeld();
        lock (_gate)
        {
            _failAfter = null;
        }

        Unavailable = false;
        Latency = TimeSpan.Zero;
    }

    public long CallCount(string method) => _calls.GetValueOrDefault(method);

    internal async ValueTask BeforeCallAsync(string fullMethod, object request, CancellationToken cancellationToken)
    {
        var method = fullMethod[(fullMethod.LastIndexOf('/') + 1)..];
        _calls.AddOrUpdate(method, 1, (_, count) => count + 1);
        CallReceived?.Invoke(method);
        var collection = CollectionOf(request);
        lock (_gate)
        {
            foreach (var awaited in _awaited.Where(a => a.Method == method && (a.Collection is null || a.Collection == collection)).ToArray())
            {
                awaited.Arrived.TrySetResult();
                _awaited.Remove(awaited);
            }
        }

        if (_unavailable)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "injected fault: the server is unavailable"));
        }

        HeldCalls? held;
        lock (_gate)
        {
            held = _held;
        }

        if (held is not null && held.Method == method && (held.Collection is null || held.Collection == collection))
        {
            await held.Release.Task.WaitAsync(cancellationToken);
        }

        var latency = Latency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, cancellationToken);
        }

        lock (_gate)
        {
            if (_failAfter is { } rule && (rule.Method is null || rule.Method == method))
            {
                if (rule.Remaining > 0)
                {
                    rule.Remaining--;
                }
                else if (rule.Failures > 0)
                {
                    rule.Failures--;
                    throw new RpcException(new Status(rule.Status, $"injected fault: {method} failed after the allowed calls"));
                }
            }
        }
    }

    /// <summary>The collection a request names (Qdrant's requests carry it as <c>collection_name</c>), if any.</summary>
    private static string? CollectionOf(object request) =>
        request is IMessage message ? message.Descriptor.FindFieldByName("collection_name")?.Accessor.GetValue(message) as string : null;

    private sealed record HeldCalls(string Method, string? Collection, TaskCompletionSource Release);

    private sealed class FailAfterRule(int remaining, string? method, StatusCode status, int failures)
    {
        public int Remaining { get; set; } = remaining;

        public int Failures { get; set; } = failures;

        public string? Method { get; } = method;

        public StatusCode Status { get; } = status;
    }
}
