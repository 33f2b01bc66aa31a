using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansFailover.Chaos.Cluster;
using OrleansFailover.Chaos.History;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;

namespace OrleansFailover.Chaos.Run;

/// <summary>
/// Indexers writing without pause: each writer has an Orleans client of its own (found through Redis, so writers sit
/// behind different gateways and silos), upserts and deletes single points among a few shared ones, and after every
/// acknowledged write reads that point back through the service. Every call goes into the history: what, when it
/// was sent, and whether it was acknowledged (or what was read) or failed.
/// </summary>
public sealed class ChaosWriters(SiloProcessCluster cluster, string collection, ChaosSettings settings, HistoryRecorder history, int seed)
    : IAsyncDisposable
{
    /// <summary>Tokens of the points loaded before the writers start are 1 to <see cref="ChaosSettings.Points"/>; writers' are above.</summary>
    public const long FirstWriterToken = 1_000_000;

    private readonly List<IHost> _clients = [];
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<(long Target, TaskCompletionSource Reached)> _waiters = [];
    private long _nextToken = FirstWriterToken;
    private long _completed;
    private long _failed;

    public long Completed => Interlocked.Read(ref _completed);

    public long Failed => Interlocked.Read(ref _failed);

    public async Task StartAsync()
    {
        for (var writer = 0; writer < settings.Writers; writer++)
        {
            _clients.Add(await cluster.ConnectClientAsync(settings.CallTimeout));
        }

        for (var writer = 0; writer < settings.Writers; writer++)
        {
            var router = _clients[writer].Services.GetRequiredService<IClusterClient>().GetGrain<IVectorRouterGrain>(0);
            var random = new Random(HashCode.Combine(seed, writer));
            var id = writer;
            _loops.Add(Task.Run(() => WriteAsync(id, router, random)));
        }
    }

    /// <summary>Completes once the writers have completed <paramref name="operations"/> more operations (acknowledged or failed).</summary>
    public Task ProgressAsync(int operations)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((Completed + operations, reached));
        }

        return reached.Task;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        lock (_gate)
        {
            foreach (var (_, reached) in _waiters)
            {
                reached.TrySetCanceled();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        foreach (var client in _clients)
        {
            await client.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            client.Dispose();
        }

        _stop.Dispose();
    }

    /// <summary>The point a token stands for: its payload carries the token, so the final state says which write won.</summary>
    public static VectorPoint Point(ulong id, long token) => new()
    {
        Id = PointId.FromNumber(id),
        Dense = new Dictionary<string, float[]>(StringComparer.Ordinal) { [VectorName] = [1f, token % 1000 / 1000f, 0.5f, 0.25f] },
        Payload = new Dictionary<string, PayloadValue>(StringComparer.Ordinal) { [TokenKey] = PayloadValue.FromInteger(token) },
    };

    public static CollectionSchema Schema { get; } = new() { Dense = [new DenseVectorConfig(VectorName, 4, Distance.Dot)] };

    /// <summary>The token a stored point carries.</summary>
    public static long TokenOf(VectorPoint point) => point.Payload[TokenKey].AsInteger;

    private const string VectorName = "dense";
    private const string TokenKey = "token";

    private async Task WriteAsync(int writer, IVectorRouterGrain router, Random random)
    {
        while (!_stop.IsCancellationRequested)
        {
            var point = (ulong)random.Next(settings.Points);
            var upsert = random.Next(10) < 7;
            var token = upsert ? Interlocked.Increment(ref _nextToken) : (long?)null;
            var write = history.Begin(writer, upsert ? OperationKind.Upsert : OperationKind.Delete, point, token);
            try
            {
                if (upsert)
                {
                    await router.Upsert(collection, [Point(point, token!.Value)]);
                }
                else
                {
                    await router.Delete(collection, [PointId.FromNumber(point)]);
                }

                write.Acknowledge();
            }
            catch (Exception exception)
            {
                write.Fail(Reason(exception));
                Count(failed: true);
                await PauseAfterFailureAsync();
                continue;
            }

            Count(failed: false);

            // Visibility: a read through the service right after the acknowledgement must see this write or a later one.
            var read = history.Begin(writer, OperationKind.Read, point);
            try
            {
                var found = await router.Get(collection, [PointId.FromNumber(point)], withPayload: true);
                read.Observed(found.Count == 0 ? null : TokenOf(found[0]));
            }
            catch (Exception exception)
            {
                read.Fail(Reason(exception));
            }
        }
    }

    /// <summary>What an indexer does after a refused call: it does not hammer, it tries again a moment later.</summary>
    private async Task PauseAfterFailureAsync()
    {
        try
        {
            await Task.Delay(20, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Count(bool failed)
    {
        var completed = Interlocked.Increment(ref _completed);
        if (failed)
        {
            Interlocked.Increment(ref _failed);
        }

        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => completed >= w.Target).ToArray())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private static string Reason(Exception exception) => exception switch
    {
        VectorStoreException store => $"{store.Kind}",
        _ => exception.GetType().Name,
    };
}
