using OrleansFailover.Contracts;

namespace OrleansFailover.VectorStores.Search;

/// <summary>Keeps the best <c>k</c> candidates seen, in a bounded heap whose root is the worst kept.</summary>
public sealed class TopK
{
    private readonly Candidate[] _heap;
    private readonly ScoreOrder _order;
    private int _count;

    public TopK(int k, ScoreOrder order)
    {
        _heap = new Candidate[Math.Max(k, 0)];
        _order = order;
    }

    public int Count => _count;

    /// <summary>The score of the worst candidate kept (the root of the heap); only meaningful when full.</summary>
    public float Worst => _heap[0].Score;

    public void Offer(float score, PointId id, int slot)
    {
        if (_heap.Length == 0)
        {
            return;
        }

        if (_count < _heap.Length)
        {
            _heap[_count] = new Candidate(score, id, slot);
            SiftUp(_count++);
            return;
        }

        // Only a candidate that ranks before the worst kept one gets in.
        ref var worst = ref _heap[0];
        if (_order.Compare(score, id, worst.Score, worst.Id) < 0)
        {
            worst = new Candidate(score, id, slot);
            SiftDown(0);
        }
    }

    public void Merge(TopK other)
    {
        for (var i = 0; i < other._count; i++)
        {
            var candidate = other._heap[i];
            Offer(candidate.Score, candidate.Id, candidate.Slot);
        }
    }

    /// <summary>The kept candidates, best first.</summary>
    public Candidate[] ToSortedArray()
    {
        var result = _heap.AsSpan(0, _count).ToArray();
        Array.Sort(result, (a, b) => _order.Compare(a.Score, a.Id, b.Score, b.Id));
        return result;
    }

    // The heap keeps the worst candidate at the root: "a above b" means a ranks after b.
    private bool RanksAfter(int a, int b) =>
        _order.Compare(_heap[a].Score, _heap[a].Id, _heap[b].Score, _heap[b].Id) > 0;

    private void SiftUp(int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!RanksAfter(index, parent))
            {
                return;
            }

            (_heap[index], _heap[parent]) = (_heap[parent], _heap[index]);
            index = parent;
        }
    }

    private void SiftDown(int index)
    {
        while (true)
        {
            var left = (2 * index) + 1;
            var right = left + 1;
            var worst = index;
            if (left < _count && RanksAfter(left, worst))
            {
                worst = left;
            }

            if (right < _count && RanksAfter(right, worst))
            {
                worst = right;
            }

            if (worst == index)
            {
                return;
            }

            (_heap[index], _heap[worst]) = (_heap[worst], _heap[index]);
            index = worst;
        }
    }

    public readonly record struct Candidate(float Score, PointId Id, int Slot);
}
