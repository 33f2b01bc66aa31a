using OrleansFailover.Chaos.History;

namespace OrleansFailover.Chaos.Tests;

/// <summary>A recorded operation with what the simulation knows and the recorder could not: when (and whether) it took effect.</summary>
/// <param name="EffectAt">The instant it took effect (for a read: the instant it read), or null if it never did.</param>
/// <param name="PointValueBefore">For a write that took effect: the point's value just before it.</param>
internal sealed record SimulatedOperation(HistoryOperation Recorded, long? EffectAt, long? PointValueBefore);
