namespace OrleansFailover.Benchmarks;

/// <summary>One measured figure: its runs, its goal, and the same-process baseline it is compared with.</summary>
internal sealed record Figure(
    string Id,
    string Workload,
    string Description,
    Sample Sample,
    double? GoalMs,
    string BaselineDescription,
    Sample? Baseline,
    IReadOnlyDictionary<string, object>? Extra = null)
{
    public double? Ratio => Baseline is null || Baseline.Median <= 0 ? null : Sample.Median / Baseline.Median;

    public bool? MeetsGoal => GoalMs is { } goal ? Sample.Median <= goal : null;

    /// <summary>The JSON key: the figure id for W1 (the workload the goals are set on), "M1-W2" for others.</summary>
    public string Key => Workload == "W1" ? Id : $"{Id}-{Workload}";
}
