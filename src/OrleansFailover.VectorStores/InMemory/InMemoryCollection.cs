using OrleansFailover.Contracts;
using OrleansFailover.VectorStores.Filtering;
using OrleansFailover.VectorStores.Search;
using OrleansFailover.VectorStores.Validation;

namespace OrleansFailover.VectorStores.InMemory;

/// <summary>
/// One collection of the in-memory store. Points live in slots; each named dense vector is a column of
/// contiguous floats scanned exactly with SIMD. Readers share a lock, writers take it alone, and every
/// batch is validated and prepared before the lock is taken, so a bad batch changes nothing.
/// </summary>
internal sealed class InMemoryCollection
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<PointId, int> _slotById = [];
    private readonly List<PointId> _idBySlot = [];
    private readonly List<IReadOnlyDictionary<string, PayloadValue>?> _payloadBySlot = [];
    private readonly DenseVectorColumn[] _dense;
    private readonly QuantizedVectors?[] _quantized;
    private readonly List<SparseVector?>[] _sparse;
    private readonly Stack<int> _freeSlots = new();
    private volatile PointId[]? _sortedIds;

    public InMemoryCollection(string name, CollectionSchema schema)
    {
        Name = name;
        Schema = schema;
        _dense = schema.Dense.Select(d => new DenseVectorColumn(d.Size)).ToArray();
        _quantized = schema.Dense
            .Select(d => d.Distance == Distance.Manhattan ? null : new QuantizedVectors(d.Size))
            .ToArray();
        _sparse = schema.Sparse.Select(_ => new List<SparseVector?>()).ToArray();
    }

    public string Name { get; }

    public CollectionSchema Schema { get; }

    public long Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _slotById.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public void Upsert(IReadOnlyList<VectorPoint> points)
    {
        PointValidator.EnsureValid(Name, Schema, points);
        var prepared = points.Select(Prepare).ToArray();

        _lock.EnterWriteLock();
        try
        {
            foreach (var point in prepared)
            {
                Write(point);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Delete(IReadOnlyList<PointId> ids)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var id in ids)
            {
                if (!_slotById.Remove(id, out var slot))
                {
                    continue;
                }

                foreach (var column in _dense)
                {
                    column.Clear(slot);
                }

                foreach (var column in _sparse)
                {
                    column[slot] = null;
                }

                _payloadBySlot[slot] = null;
                _freeSlots.Push(slot);
                _sortedIds = null;
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public IReadOnlyList<VectorPoint> Get(IReadOnlyList<PointId> ids, bool withPayload, bool withVectors)
    {
        _lock.EnterReadLock();
        try
        {
            var result = new List<VectorPoint>(ids.Count);
            foreach (var id in ids.Distinct().Order())
            {
                if (_slotById.TryGetValue(id, out var slot))
                {
                    result.Add(Materialize(slot, withPayload, withVectors));
                }
            }

            return result;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public long CountMatching(PointFilter? filter)
    {
        var compiled = CompiledFilter.Compile(filter);
        _lock.EnterReadLock();
        try
        {
            if (compiled is null)
            {
                return _slotById.Count;
            }

            long count = 0;
            foreach (var (id, slot) in _slotById)
            {
                if (compiled.Matches(id, _payloadBySlot[slot]!))
                {
                    count++;
                }
            }

            return count;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public ScrollPage Scroll(ScrollRequest request)
    {
        var compiled = CompiledFilter.Compile(request.Filter);
        _lock.EnterReadLock();
        try
        {
            var sorted = _sortedIds ??= _slotById.Keys.Order().ToArray();
            var start = 0;
            if (request.Offset is { } offset)
            {
                start = Array.BinarySearch(sorted, offset);
                if (start < 0)
                {
                    start = ~start;
                }
            }

            var page = new List<VectorPoint>(Math.Min(request.Limit, sorted.Length - start));
            for (var i = start; i < sorted.Length; i++)
            {
                var slot = _slotById[sorted[i]];
                if (compiled is not null && !compiled.Matches(sorted[i], _payloadBySlot[slot]!))
                {
                    continue;
                }

                if (page.Count == request.Limit)
                {
                    // Offsets are inclusive: the next page starts at the first point this one could not hold.
                    return new ScrollPage(page, sorted[i]);
                }

                page.Add(Materialize(slot, request.WithPayload, request.WithVectors));
            }

            return new ScrollPage(page, null);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public IReadOnlyList<ScoredPoint> Search(SearchRequest request)
    {
        var query = request.Query;
        var compiled = CompiledFilter.Compile(request.Filter);
        _lock.EnterReadLock();
        try
        {
            TopK.Candidate[] hits;
            switch (query.Kind)
            {
                case VectorQueryKind.Dense:
                    hits = SearchDense(query.DenseName, query.DenseVector, request.Limit, request.ScoreThreshold, compiled);
                    break;
                case VectorQueryKind.Sparse:
                    hits = SearchSparse(query.SparseName, query.SparseVector, request.Limit, request.ScoreThreshold, compiled);
                    break;
                case VectorQueryKind.Hybrid:
                    hits = SearchHybrid(query, request.Limit, request.ScoreThreshold, compiled);
                    break;
                default:
                    throw VectorStoreException.InvalidArgument($"Unknown query kind {query.Kind}.");
            }

            var withPoint = request.WithPayload || request.WithVectors;
            return hits
                .Select(hit => new ScoredPoint(
                    hit.Id, hit.Score, withPoint ? Materialize(hit.Slot, request.WithPayload, request.WithVectors) : null))
                .ToArray();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private TopK.Candidate[] SearchDense(string name, float[]? vector, int limit, float? threshold, CompiledFilter? filter)
    {
        var index = DenseIndex(name);
        var config = Schema.Dense[index];
        var problem = PointValidator.FindDenseProblem(Schema, name, vector);
        if (problem is not null)
        {
            throw VectorStoreException.InvalidArgument($"Search in collection '{Name}': query {problem}.");
        }

        var queryVector = (float[])vector!.Clone();
        if (config.Distance == Distance.Cosine)
        {
            VectorMath.NormalizeInPlace(queryVector);
        }

        Func<int, bool> eligible = filter is null
            ? static _ => true
            : slot => filter.Matches(_idBySlot[slot], _payloadBySlot[slot]!);
        var scan = new DenseScan(_dense[index], _quantized[index], config, eligible, slot => _idBySlot[slot]);
        return scan.Search(queryVector, limit, threshold, _idBySlot.Count);
    }

    private TopK.Candidate[] SearchSparse(string name, SparseVector? vector, int limit, float? threshold, CompiledFilter? filter)
    {
        var index = SparseIndex(name);
        var problem = PointValidator.FindSparseProblem(name, vector);
        if (problem is not null)
        {
            throw VectorStoreException.InvalidArgument($"Search in collection '{Name}': query {problem}.");
        }

        var query = vector!.SortedByIndex();
        var column = _sparse[index];
        var top = new TopK(limit, ScoreOrder.HigherIsBetter);
        for (var slot = 0; slot < column.Count; slot++)
        {
            var stored = column[slot];
            if (stored is null || (filter is not null && !filter.Matches(_idBySlot[slot], _payloadBySlot[slot]!)))
            {
                continue;
            }

            var score = VectorMath.SparseDot(stored.Indices, stored.Values, query.Indices, query.Values);
            if (score is { } value && ScoreOrder.HigherIsBetter.PassesThreshold(value, threshold))
            {
                top.Offer(value, _idBySlot[slot], slot);
            }
        }

        return top.ToSortedArray();
    }

    private TopK.Candidate[] SearchHybrid(VectorQuery query, int limit, float? threshold, CompiledFilter? filter)
    {
        var candidates = query.CandidateLimit > 0 ? query.CandidateLimit : limit;
        var dense = SearchDense(query.DenseName, query.DenseVector, candidates, null, filter);
        var sparse = SearchSparse(query.SparseName, query.SparseVector, candidates, null, filter);
        var fused = ReciprocalRankFusion.Fuse(
            [dense.Select(c => c.Id).ToArray(), sparse.Select(c => c.Id).ToArray()], VectorQuery.DefaultRrfK);
        return fused
            .Where(f => ScoreOrder.HigherIsBetter.PassesThreshold(f.Score, threshold))
            .Take(limit)
            .Select(f => new TopK.Candidate(f.Score, f.Id, _slotById[f.Id]))
            .ToArray();
    }

    private int DenseIndex(string name)
    {
        for (var i = 0; i < Schema.Dense.Count; i++)
        {
            if (Schema.Dense[i].Name == name)
            {
                return i;
            }
        }

        throw VectorStoreException.InvalidArgument($"Collection '{Name}' has no dense vector named '{name}'.");
    }

    private int SparseIndex(string name)
    {
        for (var i = 0; i < Schema.Sparse.Count; i++)
        {
            if (Schema.Sparse[i].Name == name)
            {
                return i;
            }
        }

        throw VectorStoreException.InvalidArgument($"Collection '{Name}' has no sparse vector named '{name}'.");
    }

    /// <summary>Normalizes cosine vectors and sorts sparse indices, outside the lock.</summary>
    private PreparedPoint Prepare(VectorPoint point)
    {
        var dense = new float[]?[_dense.Length];
        for (var i = 0; i < _dense.Length; i++)
        {
            var config = Schema.Dense[i];
            if (point.Dense.TryGetValue(config.Name, out var vector))
            {
                var copy = (float[])vector.Clone();
                if (config.Distance == Distance.Cosine)
                {
                    VectorMath.NormalizeInPlace(copy);
                }

                dense[i] = copy;
            }
        }

        var sparse = new SparseVector?[_sparse.Length];
        for (var i = 0; i < _sparse.Length; i++)
        {
            if (point.Sparse.TryGetValue(Schema.Sparse[i].Name, out var vector))
            {
                var sorted = vector.SortedByIndex();
                sparse[i] = ReferenceEquals(sorted, vector)
                    ? new SparseVector((uint[])vector.Indices.Clone(), (float[])vector.Values.Clone())
                    : sorted;
            }
        }

        // The payload is copied so that a caller changing its dictionary later cannot change the store.
        return new PreparedPoint(point.Id, dense, sparse, new Dictionary<string, PayloadValue>(point.Payload, StringComparer.Ordinal));
    }

    private void Write(PreparedPoint point)
    {
        if (!_slotById.TryGetValue(point.Id, out var slot))
        {
            slot = AllocateSlot(point.Id);
            _slotById[point.Id] = slot;
            _sortedIds = null;
        }

        for (var i = 0; i < _dense.Length; i++)
        {
            if (point.Dense[i] is { } vector)
            {
                vector.CopyTo(_dense[i].Set(slot));
                _quantized[i]?.Set(slot, vector);
            }
            else
            {
                _dense[i].Clear(slot);
            }
        }

        for (var i = 0; i < _sparse.Length; i++)
        {
            _sparse[i][slot] = point.Sparse[i];
        }

        _payloadBySlot[slot] = point.Payload;
    }

    private int AllocateSlot(PointId id)
    {
        if (_freeSlots.TryPop(out var slot))
        {
            _idBySlot[slot] = id;
            return slot;
        }

        _idBySlot.Add(id);
        _payloadBySlot.Add(null);
        foreach (var column in _sparse)
        {
            column.Add(null);
        }

        return _idBySlot.Count - 1;
    }

    private VectorPoint Materialize(int slot, bool withPayload, bool withVectors)
    {
        var dense = VectorPoint.NoDense;
        var sparse = VectorPoint.NoSparse;
        if (withVectors)
        {
            var denseVectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
            for (var i = 0; i < _dense.Length; i++)
            {
                if (_dense[i].Has(slot))
                {
                    denseVectors[Schema.Dense[i].Name] = _dense[i].Get(slot).ToArray();
                }
            }

            var sparseVectors = new Dictionary<string, SparseVector>(StringComparer.Ordinal);
            for (var i = 0; i < _sparse.Length; i++)
            {
                if (_sparse[i][slot] is { } vector)
                {
                    sparseVectors[Schema.Sparse[i].Name] = vector;
                }
            }

            dense = denseVectors;
            sparse = sparseVectors;
        }

        return new VectorPoint
        {
            Id = _idBySlot[slot],
            Dense = dense,
            Sparse = sparse,
            Payload = withPayload ? _payloadBySlot[slot]! : Payloads.Empty,
        };
    }

    private sealed record PreparedPoint(
        PointId Id, float[]?[] Dense, SparseVector?[] Sparse, IReadOnlyDictionary<string, PayloadValue> Payload);
}
