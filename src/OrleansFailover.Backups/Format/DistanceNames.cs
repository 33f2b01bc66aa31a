using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Format;

/// <summary>Distances as backup files spell them: "Cosine", "Dot", "Euclid", "Manhattan" (any case).</summary>
public static class DistanceNames
{
    public static string Format(Distance distance) => distance switch
    {
        Distance.Cosine => "Cosine",
        Distance.Dot => "Dot",
        Distance.Euclid => "Euclid",
        Distance.Manhattan => "Manhattan",
        _ => throw new ArgumentOutOfRangeException(nameof(distance), distance, "Unknown distance."),
    };

    public static bool TryParse(string text, out Distance distance)
    {
        switch (text.ToUpperInvariant())
        {
            case "COSINE":
                distance = Distance.Cosine;
                return true;
            case "DOT":
                distance = Distance.Dot;
                return true;
            case "EUCLID":
                distance = Distance.Euclid;
                return true;
            case "MANHATTAN":
                distance = Distance.Manhattan;
                return true;
            default:
                distance = default;
                return false;
        }
    }
}
