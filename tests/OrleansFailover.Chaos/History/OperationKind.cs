namespace OrleansFailover.Chaos.History;

/// <summary>What a recorded operation did to its single point.</summary>
public enum OperationKind
{
    /// <summary>Wrote the point; the stored payload carries the operation's unique token.</summary>
    Upsert,

    /// <summary>Wrote "absent" to the point.</summary>
    Delete,

    /// <summary>Read the point; an acknowledged read says which token it saw, or absent.</summary>
    Read,
}
