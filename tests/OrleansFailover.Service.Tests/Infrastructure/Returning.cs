using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Service;

namespace OrleansFailover.Service.Tests.Infrastructure;

/// <summary>Waits for a return to Qdrant, which now goes through sync-back, on events instead of time.</summary>
public static class Returning
{
    /// <summary>
    /// Waits for the sync-back under way (or the one <paramref name="from"/> started) to end: returns the closed
    /// mode once every silo routes to Qdrant again; throws if sync-back failed and the circuit opened instead.
    /// </summary>
    public static async Task<ServiceMode> WaitAsync(EventRecorder events, Func<Task<ServiceMode>> currentMode, ServiceMode from, Func<long, Task> silosLearn)
    {
        if (!from.FailoverActive)
        {
            await silosLearn(from.Version);
            return from;
        }

        var ended = await events.WaitFor(
            e => e.ModeVersion > from.Version && e.Kind is ServiceEventKind.CircuitClosed or ServiceEventKind.CircuitOpened,
            what: "CircuitClosed (end of sync-back)");
        if (ended.Kind != ServiceEventKind.CircuitClosed)
        {
            throw new InvalidOperationException($"Sync-back did not end in a return to Qdrant: {ended.Message}");
        }

        await silosLearn(ended.ModeVersion);
        return await currentMode();
    }

    /// <summary>Before a test: returns to Qdrant, and fails if the return does (no retry: a failed return is a defect to find).</summary>
    public static Task ResetAsync(Func<string, Task<ServiceMode>> returnToPrimary) => returnToPrimary("test reset");
}
