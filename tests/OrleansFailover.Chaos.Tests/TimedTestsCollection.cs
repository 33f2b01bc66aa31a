namespace OrleansFailover.Chaos.Tests;

/// <summary>Tests that hold a stopwatch: they run alone, not beside the property tests that keep both cores busy.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedTestsCollection
{
    public const string Name = "Timed tests";
}
