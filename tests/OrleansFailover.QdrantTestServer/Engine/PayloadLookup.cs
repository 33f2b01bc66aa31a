using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;

namespace OrleansFailover.QdrantTestServer.Engine;

/// <summary>Qdrant's JSON path lookup over a protobuf payload: <c>a.b</c>, <c>a[]</c>, <c>a[0]</c>.</summary>
public static class PayloadLookup
{
    public static List<Value> Find(MapField<string, Value> payload, string path)
    {
        var found = new List<Value>();
        var parts = path.Split('.');
        var (firstKey, firstSelectors) = SplitSelectors(parts[0]);
        if (payload.TryGetValue(firstKey, out var root))
        {
            Descend(root, firstSelectors, parts.AsSpan(1), found);
        }

        return found;
    }

    private static void Descend(Value value, List<int?> selectors, ReadOnlySpan<string> rest, List<Value> found)
    {
        IEnumerable<Value> current = [value];
        foreach (var selector in selectors)
        {
            current = current.SelectMany(v => v.KindCase != Value.KindOneofCase.ListValue
                ? []
                : selector is { } index
                    ? v.ListValue.Values.Skip(index).Take(1)
                    : v.ListValue.Values).ToList();
        }

        foreach (var item in current)
        {
            if (rest.IsEmpty)
            {
                if (item.KindCase == Value.KindOneofCase.ListValue)
                {
                    found.AddRange(item.ListValue.Values);
                }
                else
                {
                    found.Add(item);
                }

                continue;
            }

            var (key, nextSelectors) = SplitSelectors(rest[0]);
            if (item.KindCase == Value.KindOneofCase.StructValue && item.StructValue.Fields.TryGetValue(key, out var child))
            {
                Descend(child, nextSelectors, rest[1..], found);
            }
        }
    }

    // "tags[]" -> ("tags", [null]); "a[2][]" -> ("a", [2, null]).
    private static (string Key, List<int?> Selectors) SplitSelectors(string part)
    {
        var bracket = part.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return (part, []);
        }

        var selectors = new List<int?>();
        foreach (var piece in part[(bracket + 1)..].TrimEnd(']').Split("]["))
        {
            selectors.Add(int.TryParse(piece, out var index) ? index : null);
        }

        return (part[..bracket], selectors);
    }
}
