using OrleansFailover.Contracts;

namespace OrleansFailover.VectorStores.Filtering;

/// <summary>A <see cref="PointFilter"/> with its key paths parsed once, evaluated per point.</summary>
public sealed class CompiledFilter
{
    private readonly CompiledCondition[] _must;
    private readonly CompiledCondition[] _should;
    private readonly CompiledCondition[] _mustNot;

    private CompiledFilter(PointFilter filter)
    {
        _must = filter.Must.Select(CompiledCondition.Compile).ToArray();
        _should = filter.Should.Select(CompiledCondition.Compile).ToArray();
        _mustNot = filter.MustNot.Select(CompiledCondition.Compile).ToArray();
    }

    /// <summary>Null when there is nothing to filter on, so callers can skip the check.</summary>
    public static CompiledFilter? Compile(PointFilter? filter)
    {
        PointFilter.EnsureReadable(filter);
        return filter is null || filter.IsEmpty ? null : new CompiledFilter(filter);
    }

    public bool Matches(PointId id, IReadOnlyDictionary<string, PayloadValue> payload)
    {
        foreach (var condition in _must)
        {
            if (!condition.Matches(id, payload))
            {
                return false;
            }
        }

        foreach (var condition in _mustNot)
        {
            if (condition.Matches(id, payload))
            {
                return false;
            }
        }

        if (_should.Length == 0)
        {
            return true;
        }

        foreach (var condition in _should)
        {
            if (condition.Matches(id, payload))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class CompiledCondition
    {
        [ThreadStatic]
        private static List<PayloadValue>? t_values;

        private readonly FilterCondition _condition;
        private readonly PayloadPath? _path;
        private readonly HashSet<PointId>? _ids;
        private readonly CompiledFilter? _nested;

        private CompiledCondition(FilterCondition condition)
        {
            _condition = condition;
            switch (condition.Kind)
            {
                case ConditionKind.HasId:
                    _ids = [.. condition.Ids ?? []];
                    break;
                case ConditionKind.Filter:
                    _nested = condition.Nested is null ? null : new CompiledFilter(condition.Nested);
                    break;
                case ConditionKind.Range when condition.Range is null:
                    throw VectorStoreException.InvalidArgument($"The range condition on '{condition.Key}' has no range.");
                case ConditionKind.MatchKeyword when condition.Keyword is null:
                    throw VectorStoreException.InvalidArgument($"The keyword condition on '{condition.Key}' has no keyword.");
                default:
                    _path = PayloadPath.Parse(condition.Key);
                    break;
            }
        }

        public static CompiledCondition Compile(FilterCondition condition) =>
            condition is null
                ? throw VectorStoreException.InvalidArgument("A filter condition is null.")
                : new CompiledCondition(condition);

        public bool Matches(PointId id, IReadOnlyDictionary<string, PayloadValue> payload)
        {
            switch (_condition.Kind)
            {
                case ConditionKind.HasId:
                    return _ids!.Contains(id);
                case ConditionKind.Filter:
                    return _nested is null || _nested.Matches(id, payload);
            }

            var values = t_values ??= [];
            values.Clear();
            _path!.Collect(payload, values);
            foreach (var value in values)
            {
                if (MatchesValue(value))
                {
                    return true;
                }
            }

            return false;
        }

        private bool MatchesValue(PayloadValue value) => _condition.Kind switch
        {
            ConditionKind.MatchKeyword => value.Kind == PayloadKind.String &&
                                          string.Equals(value.AsString, _condition.Keyword, StringComparison.Ordinal),
            ConditionKind.MatchInteger => value.Kind == PayloadKind.Integer && value.AsInteger == _condition.Integer,
            ConditionKind.MatchBool => value.Kind == PayloadKind.Bool && value.AsBool == _condition.Bool,
            ConditionKind.Range => value.AsNumber is { } number && _condition.Range!.Contains(number),
            _ => false,
        };
    }
}
