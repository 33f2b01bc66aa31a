namespace OrleansFailover.Contracts;

/// <summary>
/// How dense vectors are compared. Cosine and Dot score higher for closer vectors;
/// Euclid and Manhattan score by distance, lower is closer.
/// </summary>
public enum Distance
{
    Cosine = 0,
    Dot = 1,
    Euclid = 2,
    Manhattan = 3,
}
