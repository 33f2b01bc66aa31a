using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Writing;

/// <summary>
/// A point that a backup cannot hold within <see cref="Format.BackupLimits"/>: the reader would refuse the file, so the
/// writer refuses the point before writing any of it. <see cref="Problem"/> is what
/// <see cref="Format.BackupLimits.Check"/> says about the point.
/// </summary>
public sealed class BackupPointRefusedException(string collection, PointId pointId, string problem)
    : Exception($"Point {pointId} of collection '{CollectionNames.Printable(collection)}' cannot be backed up: {problem}.")
{
    public string Collection { get; } = collection;

    public PointId PointId { get; } = pointId;

    public string Problem { get; } = problem;
}
