using OrleansFailover.Contracts;

namespace OrleansFailover.VectorStores.Search;

/// <summary>Which way scores point: similarities are better high, distances are better low.</summary>
public enum ScoreOrder
{
    HigherIsBetter,
    LowerIsBetter,
}

public static class ScoreOrders
{
    public static ScoreOrder For(Distance distance) =>
        distance is Distance.Euclid or Distance.Manhattan ? ScoreOrder.LowerIsBetter : ScoreOrder.HigherIsBetter;

    /// <summary>Qdrant's score_threshold is strict: similarity above it, distance below it.</summary>
    public static bool PassesThreshold(this ScoreOrder order, float score, float? threshold) =>
        threshold is not { } limit || (order == ScoreOrder.HigherIsBetter ? score > limit : score < limit);

    /// <summary>Negative when <paramref name="leftScore"/> ranks before <paramref name="rightScore"/>; ties broken by id.</summary>
    public static int Compare(this ScoreOrder order, float leftScore, PointId leftId, float rightScore, PointId rightId)
    {
        var byScore = order == ScoreOrder.HigherIsBetter
            ? rightScore.CompareTo(leftScore)
            : leftScore.CompareTo(rightScore);
        return byScore != 0 ? byScore : leftId.CompareTo(rightId);
    }
}
