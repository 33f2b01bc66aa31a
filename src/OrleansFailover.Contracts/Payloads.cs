namespace OrleansFailover.Contracts;

/// <summary>Helpers for a point's payload: a JSON object of <see cref="PayloadValue"/>s.</summary>
public static class Payloads
{
    public static readonly IReadOnlyDictionary<string, PayloadValue> Empty =
        new Dictionary<string, PayloadValue>(StringComparer.Ordinal);

    public static bool AreEqual(IReadOnlyDictionary<string, PayloadValue> left, IReadOnlyDictionary<string, PayloadValue> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var (key, value) in left)
        {
            if (!right.TryGetValue(key, out var other) || !value.Equals(other))
            {
                return false;
            }
        }

        return true;
    }
}
