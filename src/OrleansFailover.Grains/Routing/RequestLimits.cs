using System.Text;
using OrleansFailover.Contracts;
using OrleansFailover.Grains.Options;

namespace OrleansFailover.Grains.Routing;

/// <summary>
/// The limits on one request (<see cref="LimitsOptions"/>), checked where clients come in, before anything is read or
/// written. An over-limit request gets an InvalidArgument error naming the limit and its value: the caller's error,
/// never Qdrant's. The walks stop at the first limit passed, so a hostile request costs no more than the limit.
/// </summary>
public sealed class RequestLimits(LimitsOptions limits)
{
    public LimitsOptions Options => limits;

    public void CheckUpsert(IReadOnlyList<VectorPoint>? points)
    {
        if (points is null)
        {
            throw VectorStoreException.InvalidArgument("The upsert carries no list of points.");
        }

        if (points.Count > limits.MaxPointsPerUpsert)
        {
            throw OverLimit($"The upsert carries {points.Count} points", "MaxPointsPerUpsert", limits.MaxPointsPerUpsert, "split it into smaller batches");
        }

        for (var i = 0; i < points.Count; i++)
        {
            if (points[i]?.Payload is { } payload)
            {
                CheckPayload(i, points[i].Id, payload);
            }
        }
    }

    public void CheckIds(string operation, IReadOnlyList<PointId>? ids)
    {
        if (ids is not null && ids.Count > limits.MaxIdsPerRequest)
        {
            throw OverLimit($"The {operation} names {ids.Count} ids", "MaxIdsPerRequest", limits.MaxIdsPerRequest, "split it into smaller requests");
        }
    }

    public void CheckSearch(SearchRequest? request)
    {
        if (request is null)
        {
            return;
        }

        if (request.Limit > limits.MaxSearchLimit)
        {
            throw OverLimit($"The search asks for the top {request.Limit}", "MaxSearchLimit", limits.MaxSearchLimit, "ask for fewer results");
        }

        if (request.Query?.CandidateLimit > limits.MaxSearchLimit)
        {
            throw OverLimit($"The hybrid search asks for {request.Query.CandidateLimit} candidates", "MaxSearchLimit", limits.MaxSearchLimit, "ask for fewer candidates");
        }

        CheckFilter(request.Filter);
    }

    public void CheckScroll(ScrollRequest? request)
    {
        if (request is null)
        {
            return;
        }

        if (request.Limit > limits.MaxScrollLimit)
        {
            throw OverLimit($"The scroll asks for pages of {request.Limit} points", "MaxScrollLimit", limits.MaxScrollLimit, "scroll in smaller pages");
        }

        CheckFilter(request.Filter);
    }

    public void CheckFilter(PointFilter? filter)
    {
        if (filter is null)
        {
            return;
        }

        PointFilter.EnsureReadable(filter);
        var conditions = 0;
        var ids = 0;
        Walk(filter, 1, ref conditions, ref ids);
    }

    private void Walk(PointFilter filter, int depth, ref int conditions, ref int ids)
    {
        if (depth > limits.MaxFilterDepth)
        {
            throw OverLimit($"The filter nests more than {limits.MaxFilterDepth} levels", "MaxFilterDepth", limits.MaxFilterDepth, "flatten it");
        }

        foreach (var clause in new[] { filter.Must, filter.Should, filter.MustNot })
        {
            foreach (var condition in clause ?? [])
            {
                if (++conditions > limits.MaxFilterConditions)
                {
                    throw OverLimit($"The filter has more than {limits.MaxFilterConditions} conditions", "MaxFilterConditions", limits.MaxFilterConditions, "simplify it");
                }

                if (condition?.Ids is { } hasIds && (ids += hasIds.Count) > limits.MaxIdsPerRequest)
                {
                    throw OverLimit($"The filter's has-id conditions name {ids} ids", "MaxIdsPerRequest", limits.MaxIdsPerRequest, "name fewer ids");
                }

                if (condition?.Nested is { } nested)
                {
                    Walk(nested, depth + 1, ref conditions, ref ids);
                }
            }
        }
    }

    private void CheckPayload(int index, PointId id, IReadOnlyDictionary<string, PayloadValue> payload)
    {
        var budget = new PayloadBudget(limits.MaxPayloadBytes, limits.MaxPayloadDepth);
        if (!budget.TakeObject(payload, 1))
        {
            var what = budget.TooDeep
                ? OverLimit($"Point {index} (id {id}) has a payload nested more than {limits.MaxPayloadDepth} levels deep", "MaxPayloadDepth", limits.MaxPayloadDepth, "flatten it")
                : OverLimit($"Point {index} (id {id}) has a payload of more than {limits.MaxPayloadBytes} bytes as JSON", "MaxPayloadBytes", limits.MaxPayloadBytes, "store large data elsewhere and keep a reference");
            throw what;
        }
    }

    private static VectorStoreException OverLimit(string what, string setting, int limit, string advice) =>
        VectorStoreException.InvalidArgument($"{what}: over the limit Limits:{setting} = {limit}; {advice}.");

    /// <summary>A payload's size as JSON text and its depth, counted until a limit is passed.</summary>
    private sealed class PayloadBudget(int maxBytes, int maxDepth)
    {
        private long _bytes;

        public bool TooDeep { get; private set; }

        public bool TakeObject(IReadOnlyDictionary<string, PayloadValue> fields, int depth)
        {
            if (!Enter(depth) || !Take(2))
            {
                return false;
            }

            foreach (var (key, value) in fields)
            {
                if (!Take(Encoding.UTF8.GetByteCount(key) + 4) || !TakeValue(value, depth))
                {
                    return false;
                }
            }

            return true;
        }

        private bool TakeValue(PayloadValue? value, int depth) => value?.Kind switch
        {
            PayloadKind.String => Take(Encoding.UTF8.GetByteCount(value.AsString) + 2),
            PayloadKind.Integer or PayloadKind.Double => Take(24),
            PayloadKind.Bool => Take(5),
            PayloadKind.Array => TakeArray(value.AsArray, depth + 1),
            PayloadKind.Object => TakeObject(value.AsObject, depth + 1),
            _ => Take(4),
        };

        private bool TakeArray(IReadOnlyList<PayloadValue> items, int depth)
        {
            if (!Enter(depth) || !Take(2))
            {
                return false;
            }

            foreach (var item in items)
            {
                if (!Take(1) || !TakeValue(item, depth))
                {
                    return false;
                }
            }

            return true;
        }

        private bool Enter(int depth)
        {
            TooDeep = depth > maxDepth;
            return !TooDeep;
        }

        private bool Take(int bytes)
        {
            _bytes += bytes;
            return _bytes <= maxBytes;
        }
    }
}
