using OrleansFailover.Contracts.Service;
using OrleansFailover.Grains.Routing;

namespace OrleansFailover.Service.Tests.Infrastructure;

/// <summary>Waits, on the cache's change event, until a silo routes by a mode at least as new as a version.</summary>
public static class ModeCacheWait
{
    public static async Task ReachedAsync(ServiceModeCache cache, long version)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(ServiceMode mode)
        {
            if (mode.Version >= version)
            {
                reached.TrySetResult();
            }
        }

        cache.Changed += OnChanged;
        try
        {
            if (cache.Current.Version < version)
            {
                await reached.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            }
        }
        finally
        {
            cache.Changed -= OnChanged;
        }
    }
}
