namespace OrleansFailover.Chaos.Tests;

/// <summary>
/// One operation of a simulated run, as random choices that shrink toward the simplest: writer 0, an upsert, point 0,
/// no gap, no latency, taking effect at invocation, acknowledged.
/// </summary>
/// <param name="Writer">Which of the sequential writers issues it (each writer waits for its previous operation).</param>
/// <param name="KindRoll">0 upsert, 1 delete, 2 read.</param>
/// <param name="PointRoll">Taken modulo the run's point count, so few points and much overlap.</param>
/// <param name="Gap">Ticks the writer waits after its previous operation completed.</param>
/// <param name="Latency">Ticks from invocation to completion.</param>
/// <param name="EffectPermille">Where inside its interval an acknowledged operation takes effect (0 invocation, 1000 completion).</param>
/// <param name="FailRoll">The operation fails when this is below the run's failure percentage.</param>
/// <param name="FailedWriteLands">Whether a failed write takes effect anyway.</param>
/// <param name="FailedWriteLandsAfter">Ticks after invocation when a failed write lands: often after its completion, as a timed-out call does.</param>
/// <param name="TieBreak">Orders operations that take effect on the same tick.</param>
internal sealed record PlannedOperation(
    int Writer,
    int KindRoll,
    int PointRoll,
    int Gap,
    int Latency,
    int EffectPermille,
    int FailRoll,
    bool FailedWriteLands,
    int FailedWriteLandsAfter,
    int TieBreak);
