using OrleansFailover.Service.Tests.Infrastructure;

namespace OrleansFailover.Service.Tests;

/// <summary>A silo process ends when it is told to, whatever it depends on has become of.</summary>
public sealed class SiloShutdownTests
{
    [Fact]
    public async Task A_silo_whose_redis_is_gone_still_exits_on_sigterm_within_its_shutdown_timeout()
    {
        var timeout = TimeSpan.FromSeconds(5);
        await using var cluster = await ProcessClusters.StartForTestAsync(
            silos: 1, privateRedis: true, settings: new Dictionary<string, string> { ["Orleans__ShutdownTimeout"] = timeout.ToString() });
        var silo = cluster.Silos[0];

        await cluster.Redis.StopAsync(); // membership, reminders and grain state are out of reach now
        await silo.SendTerminateAsync();

        // Left to Orleans alone, the silo kept retrying Redis for longer than any grace period (over 35 s in CI);
        // the deadline ends it at Orleans:ShutdownTimeout. The margin is for the process to be reaped; past it, this throws.
        await silo.WaitForExitAsync(timeout + TimeSpan.FromSeconds(10));
    }
}
