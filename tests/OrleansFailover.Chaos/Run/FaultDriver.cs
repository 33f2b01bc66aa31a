using System.Diagnostics;
using OrleansFailover.Chaos.Cluster;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Chaos.Run;

/// <summary>
/// Carries out a chaos schedule's episodes against a cluster while the writers keep writing: Qdrant stopped, started
/// (with or without its data), slow or failing; failover forced and ended; silos killed (SIGKILL), among them the one
/// holding the collection during its replay and during its fresh generation, and started again. Every fault lasts a
/// number of the writers' operations, not a time; every wait is for something the service does (the circuit opening or
/// closing, a call reaching Qdrant), within a limit.
/// </summary>
public sealed class FaultDriver(
    SiloProcessCluster cluster, string collection, ChaosWriters writers, ChaosSettings settings, Random random, Action<string> log)
{
    private static readonly TimeSpan SlowQdrant = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan VerySlowQdrant = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan CallArrival = TimeSpan.FromSeconds(20);

    /// <summary>Episodes in which the circuit opened.</summary>
    public int Outages { get; private set; }

    /// <summary>For each recovery: from Qdrant being healthy (and every silo up) to the circuit closing.</summary>
    public List<TimeSpan> TimesToClose { get; } = [];

    /// <summary>Kills done at the moment an episode aimed for (the call did reach Qdrant in time).</summary>
    public int TargetedKills { get; private set; }

    public async Task RunAsync(Episode episode)
    {
        log($"episode: {episode}");
        switch (episode)
        {
            case Episode.QdrantOutage outage:
                await OutageAsync(outage);
                break;
            case Episode.Blip blip:
                await BlipAsync(blip);
                break;
            case Episode.ForcedFailover forced:
                await ForcedFailoverAsync(forced);
                break;
            case Episode.SiloKill kill:
                await SiloKillAsync(kill);
                break;
        }
    }

    /// <summary>Whatever the schedule left: faults cleared, Qdrant and every silo up, the circuit closed (an operator's return if need be).</summary>
    public async Task RecoverAsync()
    {
        cluster.Primary.Faults.Reset();
        if (!cluster.Primary.IsRunning)
        {
            await cluster.Primary.StartAgainAsync();
        }

        foreach (var silo in cluster.Silos.Where(s => !s.IsRunning))
        {
            await silo.StartAsync();
        }

        var back = Stopwatch.StartNew();
        if ((await ModeAsync()).FailoverActive)
        {
            await ForceReturnAsync("chaos: final return");
        }

        await WaitClosedAsync(back);
    }

    private async Task OutageAsync(Episode.QdrantOutage outage)
    {
        await cluster.Primary.StopAsync();
        await WaitForModeAsync(m => m.FailoverActive, "the circuit to open after Qdrant stopped");
        Outages++;
        await writers.ProgressAsync(settings.OperationsPerStep);
        if (outage.KillSiloDuringFailover)
        {
            await KillAndRestartAsync(cluster.Silos[random.Next(cluster.Silos.Count)], "during failover");
            await writers.ProgressAsync(settings.OperationsPerStep / 2);
        }

        if (outage.ComesBackSlow)
        {
            cluster.Primary.Faults.Latency = SlowQdrant;
        }

        await cluster.Primary.StartAgainAsync(empty: outage.ComesBackEmpty);
        var back = Stopwatch.StartNew();
        if (!outage.NaturalRecovery)
        {
            await ForceReturnAsync("chaos: Qdrant is back");
        }

        await WaitClosedAsync(back);
        cluster.Primary.Faults.Latency = TimeSpan.Zero;
    }

    private async Task BlipAsync(Episode.Blip blip)
    {
        if (blip.Unavailable)
        {
            cluster.Primary.Faults.Unavailable = true;
        }
        else
        {
            cluster.Primary.Faults.Latency = VerySlowQdrant;
        }

        await writers.ProgressAsync(settings.OperationsPerStep / 2);
        var opened = (await ModeAsync()).FailoverActive;
        cluster.Primary.Faults.Reset();
        var back = Stopwatch.StartNew();
        if (opened)
        {
            Outages++;
            await WaitClosedAsync(back);
        }
    }

    private async Task ForcedFailoverAsync(Episode.ForcedFailover forced)
    {
        await Retry(() => cluster.Control.ForceFailover("chaos: forced failover"));
        Outages++;
        await writers.ProgressAsync(settings.OperationsPerStep);
        var back = Stopwatch.StartNew();
        switch (forced.Kill)
        {
            case KillPoint.DuringReplay:
                // The replay's first write to Qdrant is held; the silo replaying it dies with it in flight.
                await KillWhenCallArrivesAsync("Upsert", "during the replay");
                break;
            case KillPoint.DuringFreshGeneration:
                // The journal is drained and the collection sealed; its fresh generation's first scroll is held.
                await KillWhenCallArrivesAsync("Scroll", "during the fresh generation");
                break;
            default:
                await ForceReturnAsync("chaos: forced return");
                break;
        }

        await WaitClosedAsync(back);
    }

    private async Task SiloKillAsync(Episode.SiloKill kill)
    {
        var silo = kill.HoldingTheFailoverGrain
            ? cluster.SiloAt((await Retry(() => cluster.Status.GetStatus())).HostedOn!)
            : cluster.Silos[random.Next(cluster.Silos.Count)];
        await KillAndRestartAsync(silo, "while traffic is on Qdrant", progressWhileDown: true);
        var back = Stopwatch.StartNew();
        await WaitClosedAsync(back);
    }

    private async Task KillWhenCallArrivesAsync(string method, string when)
    {
        var arrived = cluster.Primary.Faults.NextCall(method, collection);
        cluster.Primary.Faults.Hold(method, collection);
        try
        {
            await ForceReturnAsync($"chaos: forced return, a silo dies {when}");
            if (await Task.WhenAny(arrived, Task.Delay(CallArrival)) != arrived)
            {
                log($"no {method} for the collection reached Qdrant within {CallArrival.TotalSeconds} s: nobody killed {when}");
                return;
            }

            var hosting = (await Retry(() => cluster.CollectionStatusAsync(collection))).HostedOn!;
            TargetedKills++;
            await KillAndRestartAsync(cluster.SiloAt(hosting), when);
        }
        finally
        {
            cluster.Primary.Faults.ReleaseHeld();
        }
    }

    private async Task KillAndRestartAsync(SiloProcess silo, string when, bool progressWhileDown = false)
    {
        log($"killing {silo.Name} {when}");
        await silo.KillAsync();
        if (progressWhileDown)
        {
            await writers.ProgressAsync(settings.OperationsPerStep / 2);
        }

        await silo.StartAsync();
        await Retry(cluster.SubscribeAsync); // the failover grain may have moved with its subscriptions
    }

    private async Task ForceReturnAsync(string reason) => await Retry(() => cluster.Control.ForceReturn(reason));

    /// <summary>Liveness: with Qdrant healthy and every silo up, the circuit closes within the limit, by itself or after the return asked for.</summary>
    private async Task WaitClosedAsync(Stopwatch since)
    {
        var wasOpen = (await ModeAsync()).FailoverActive;
        await WaitForModeAsync(m => !m.FailoverActive, "the circuit to close with Qdrant healthy", settings.RecoveryLimit);
        if (wasOpen)
        {
            TimesToClose.Add(since.Elapsed);
        }
    }

    private async Task<ServiceMode> WaitForModeAsync(Func<ServiceMode, bool> reached, string what, TimeSpan? limit = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var next = cluster.Events.NextEvent();
            var mode = await ModeAsync();
            if (reached(mode))
            {
                return mode;
            }

            if (deadline.Elapsed > (limit ?? settings.RecoveryLimit))
            {
                throw new TimeoutException($"Waited {deadline.Elapsed.TotalSeconds:F0} s for {what}; the mode is {mode}.");
            }

            // The circuit's transitions come as events; while the failover grain moves (a silo killed) they can be
            // missed, so the mode is asked again at least every second.
            await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(1)));
        }
    }

    private Task<ServiceMode> ModeAsync() => Retry(() => cluster.Control.GetMode());

    /// <summary>A control call made while a silo is being killed may fail on its way: it is made again, a limited time.</summary>
    private static async Task<T> Retry<T>(Func<Task<T>> call)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException or OperationCanceledException
                                              && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
        }
    }

    private static Task Retry(Func<Task> call) => Retry(async () =>
    {
        await call();
        return true;
    });
}
