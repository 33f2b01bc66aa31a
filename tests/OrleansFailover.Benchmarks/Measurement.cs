using System.Diagnostics;

namespace OrleansFailover.Benchmarks;

/// <summary>Runs a piece of work once to warm up, then N times, and keeps every duration.</summary>
internal static class Measurement
{
    private const int MinWarmups = 3;
    private const int MaxWarmups = 25;
    private const long SettledJitMethods = 25;

    /// <summary>
    /// Warms up until the JIT has settled (tiered compilation promotes hot methods only after they run a
    /// while), so runs measure steady state, not start-up; then measures <paramref name="runs"/> runs.
    /// </summary>
    public static async Task<Sample> RunAsync(int runs, Func<Task> work, Func<Task>? beforeEach = null)
    {
        var warmups = 0;
        long jitted;
        do
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (beforeEach is not null)
            {
                await beforeEach();
            }

            await work();
            jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - before;
            warmups++;
        }
        while (warmups < MinWarmups || (jitted > SettledJitMethods && warmups < MaxWarmups));

        var durations = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            if (beforeEach is not null)
            {
                await beforeEach();
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var started = Stopwatch.GetTimestamp();
            await work();
            durations.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return new Sample(durations) { Warmups = warmups };
    }

    public static Sample Run(int runs, Action work) =>
        RunAsync(runs, () =>
        {
            work();
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
}

/// <summary>Durations of the runs, in milliseconds.</summary>
internal sealed record Sample(IReadOnlyList<double> Durations)
{
    public int Warmups { get; init; }

    public double Median => Percentile(50);

    public double Min => Durations.Min();

    public double Max => Durations.Max();

    public int Runs => Durations.Count;

    public double Percentile(double percentile)
    {
        var sorted = Durations.Order().ToArray();
        var rank = percentile / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
