namespace OrleansFailover.Grains.SyncBack;

/// <summary>
/// What sync-back sends Qdrant goes in requests of a bounded size: Qdrant refuses larger ones, and a refused request
/// would be refused again at every attempt, so the return could never complete.
/// </summary>
public static class RequestChunks
{
    /// <summary>The most one request carries (Qdrant's default limit on a request is 32 MiB).</summary>
    public const int MaxRequestBytes = 16 * 1024 * 1024;

    /// <summary>Items in consecutive groups of at most <see cref="MaxRequestBytes"/>; an item larger than that goes alone.</summary>
    public static IEnumerable<T[]> Of<T>(IReadOnlyList<T> items, Func<T, int> size)
    {
        var chunk = new List<T>();
        long bytes = 0;
        foreach (var item in items)
        {
            var itemBytes = size(item);
            if (chunk.Count > 0 && bytes + itemBytes > MaxRequestBytes)
            {
                yield return chunk.ToArray();
                chunk.Clear();
                bytes = 0;
            }

            chunk.Add(item);
            bytes += itemBytes;
        }

        if (chunk.Count > 0)
        {
            yield return chunk.ToArray();
        }
    }
}
