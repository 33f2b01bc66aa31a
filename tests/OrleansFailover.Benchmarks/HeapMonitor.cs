namespace OrleansFailover.Benchmarks;

/// <summary>
/// Watches the managed heap size the GC reports after each collection (what survives, plus fragmentation)
/// during a piece of work, to find its peak above where it started.
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
        _start = GC.GetGCMemoryInfo().HeapSizeBytes;
        _peak = _start;
        _thread = new Thread(Sample) { IsBackground = true, Name = "heap-monitor" };
        _thread.Start();
    }

    /// <summary>The largest post-collection heap seen above the heap at the start, in bytes.</summary>
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
            var now = GC.GetGCMemoryInfo().HeapSizeBytes;
            if (now > Interlocked.Read(ref _peak))
            {
                Interlocked.Exchange(ref _peak, now);
            }

            Thread.Sleep(2);
        }
    }
}
