using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Validation;

/// <summary>What a validation found in one collection of a backup.</summary>
public sealed record CollectionSummary(
    string Name,
    CollectionSchema? Schema,
    long PointsFound,
    long? PointsDeclared,
    int ProblemCount);
