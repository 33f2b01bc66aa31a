using OrleansFailover.Contracts;

namespace OrleansFailover.VectorStores.Search;

/// <summary>
/// Qdrant's reciprocal rank fusion: a point at 0-based position p of a ranked list gains 1 / (p + k);
/// the gains of all lists are summed. Only the order of each list matters, not its scores.
/// </summary>
public static class ReciprocalRankFusion
{
    public static List<(PointId Id, float Score)> Fuse(IEnumerable<IReadOnlyList<PointId>> rankedLists, int k)
    {
        var scores = new Dictionary<PointId, float>();
        foreach (var list in rankedLists)
        {
            for (var position = 0; position < list.Count; position++)
            {
                var gain = 1.0f / (position + k);
                scores[list[position]] = scores.GetValueOrDefault(list[position]) + gain;
            }
        }

        var fused = scores.Select(pair => (pair.Key, pair.Value)).ToList();
        fused.Sort((a, b) => ScoreOrder.HigherIsBetter.Compare(a.Value, a.Key, b.Value, b.Key));
        return fused;
    }
}
