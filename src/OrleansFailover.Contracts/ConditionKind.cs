namespace OrleansFailover.Contracts;

public enum ConditionKind
{
    /// <summary>A string payload value equals the keyword.</summary>
    MatchKeyword = 0,

    /// <summary>An integer payload value equals the integer.</summary>
    MatchInteger = 1,

    /// <summary>A boolean payload value equals the boolean.</summary>
    MatchBool = 2,

    /// <summary>A numeric payload value lies in the range.</summary>
    Range = 3,

    /// <summary>The point's id is one of the ids.</summary>
    HasId = 4,

    /// <summary>A nested filter holds.</summary>
    Filter = 5,
}
