namespace OrleansFailover.Contracts;

/// <summary>Bounds on a number; each bound is optional.</summary>
[GenerateSerializer, Immutable, Alias("OrleansFailover.NumericRange")]
public sealed record class NumericRange
{
    [Id(0)] public double? GreaterThan { get; init; }
    [Id(1)] public double? GreaterThanOrEqual { get; init; }
    [Id(2)] public double? LessThan { get; init; }
    [Id(3)] public double? LessThanOrEqual { get; init; }

    public bool Contains(double value) =>
        (GreaterThan is not { } gt || value > gt) &&
        (GreaterThanOrEqual is not { } gte || value >= gte) &&
        (LessThan is not { } lt || value < lt) &&
        (LessThanOrEqual is not { } lte || value <= lte);
}
