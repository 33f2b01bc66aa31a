namespace OrleansFailover.Chaos.History;

/// <param name="Verdict">How the writes account for the observed value.</param>
/// <param name="ObservedWrite">The write that carries the observed value, when one is known.</param>
/// <param name="Missed">For Superseded and AbsenceUnexplained: the acknowledged write the observation should have reflected.</param>
internal readonly record struct Judgement(ObservationVerdict Verdict, PointWrite? ObservedWrite = null, PointWrite? Missed = null);
