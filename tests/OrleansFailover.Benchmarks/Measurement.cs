using System.Diagnostics;

namespace OrleansFailover.Benchmarks;

/// <summary>Runs a piece of work once to warm up, then N times, and keeps every duration.</summary>
internal static class Measurement
{
    public static async Task<Sample> RunAsync(int runs, Func<Task> work, Func<Task>? beforeEach = null)
    {
        if (beforeEach is not null)
        {
            await beforeEach();
        }

        await work(); // warm-up
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

        return new Sample(durations);
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
