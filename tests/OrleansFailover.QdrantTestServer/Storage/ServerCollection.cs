namespace OrleansFailover.QdrantTestServer.Storage;

/// <summary>One collection: its configuration and its points in id order, guarded by <see cref="Gate"/>.</summary>
public sealed class ServerCollection(string name, CollectionLayout config)
{
    private readonly SortedDictionary<PointKey, StoredPoint> _points = [];
    private StoredPoint[]? _ordered;

    public string Name { get; } = name;

    public CollectionLayout Config { get; } = config;

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    public object Gate { get; } = new();

    public int Count => _points.Count;

    public IEnumerable<StoredPoint> Points => _points.Values;

    public void Put(StoredPoint point)
    {
        _points[point.Key] = point;
        _ordered = null;
    }

    public bool Remove(PointKey key)
    {
        _ordered = null;
        return _points.Remove(key);
    }

    public bool TryGet(PointKey key, out StoredPoint point) => _points.TryGetValue(key, out point!);

    /// <summary>The points in id order from the first id at or after <paramref name="start"/> (a scroll page's start).</summary>
    public IEnumerable<StoredPoint> From(PointKey? start)
    {
        var ordered = _ordered ??= _points.Values.ToArray();
        var first = 0;
        if (start is { } key)
        {
            int low = 0, high = ordered.Length;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (ordered[middle].Key.CompareTo(key) < 0)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            first = low;
        }

        for (var i = first; i < ordered.Length; i++)
        {
            yield return ordered[i];
        }
    }
}
