namespace OrleansFailover.Benchmarks;

/// <summary>
/// Samples the live managed heap (after a full collection) on a background thread during a piece of work:
/// slows the work down, so it runs in a pass of its own, never in a timed run.
/// </summary>
internal sealed class HeapMonitor : IDisposable
{
    private readonly Thread _thread;
    private readonly long _start;
    private volatile bool _stopped;
    private long _peak;

    public HeapMonitor()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        _start = GC.GetTotalMemory(forceFullCollection: false);
        _peak = _start;
        _thread = new Thread(Sample) { IsBackground = true, Name = "heap-monitor" };
        _thread.Start();
    }

    /// <summary>The highest live heap seen above the live heap at the start, in bytes.</summary>
    public long PeakAboveStart => Math.Max(0, Interlocked.Read(ref _peak) - _start);

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }

    private void Sample()
    {
        while (!_stopped)
        {
            var now = GC.GetTotalMemory(forceFullCollection: true);
            if (now > Interlocked.Read(ref _peak))
            {
                Interlocked.Exchange(ref _peak, now);
            }

            Thread.Sleep(5);
        }
    }
}
