namespace OrleansFailover.Chaos.History;

/// <summary>Which promise of DATA-SAFETY.md an observation broke.</summary>
public enum ViolationKind
{
    /// <summary>
    /// Property 1: the final state lacks every acknowledged write that could have been last (the point is absent,
    /// or holds an older value that a later acknowledged upsert superseded).
    /// </summary>
    Lost,

    /// <summary>Property 3: the final state holds a value that an acknowledged delete followed in real time.</summary>
    Resurrected,

    /// <summary>
    /// Property 4: a value no operation wrote to this point (a write that was never sent), in the final state or seen
    /// by a read; or a read that saw a write invoked only after the read had completed.
    /// </summary>
    Phantom,

    /// <summary>Property 2: a read missed a write acknowledged before the read began.</summary>
    InvisibleRead,
}
