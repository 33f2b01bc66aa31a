using Grpc.Core;
using OrleansFailover.QdrantTestServer.Storage;
using Qdrant.Client.Grpc;

namespace OrleansFailover.QdrantTestServer.Engine;

/// <summary>Evaluates a Qdrant filter on one stored point.</summary>
public static class FilterMatcher
{
    public static bool Matches(Filter? filter, StoredPoint point)
    {
        if (filter is null)
        {
            return true;
        }

        if (!filter.Must.All(c => Matches(c, point)) || filter.MustNot.Any(c => Matches(c, point)))
        {
            return false;
        }

        if (filter.Should.Count > 0 && !filter.Should.Any(c => Matches(c, point)))
        {
            return false;
        }

        if (filter.MinShould is { } minShould &&
            minShould.Conditions.Count(c => Matches(c, point)) < (int)minShould.MinCount)
        {
            return false;
        }

        return true;
    }

    private static bool Matches(Condition condition, StoredPoint point) => condition.ConditionOneOfCase switch
    {
        Condition.ConditionOneOfOneofCase.Field => MatchesField(condition.Field, point),
        Condition.ConditionOneOfOneofCase.HasId => condition.HasId.HasId.Select(PointKey.From).Contains(point.Key),
        Condition.ConditionOneOfOneofCase.Filter => Matches(condition.Filter, point),
        Condition.ConditionOneOfOneofCase.IsEmpty => PayloadLookup.Find(point.Payload, condition.IsEmpty.Key)
            .All(v => v.KindCase == Value.KindOneofCase.NullValue),
        Condition.ConditionOneOfOneofCase.IsNull => PayloadLookup.Find(point.Payload, condition.IsNull.Key)
            .Any(v => v.KindCase == Value.KindOneofCase.NullValue),
        _ => throw new RpcException(new Status(StatusCode.Unimplemented,
            $"The Qdrant test server does not implement {condition.ConditionOneOfCase} conditions.")),
    };

    private static bool MatchesField(FieldCondition field, StoredPoint point)
    {
        var values = PayloadLookup.Find(point.Payload, field.Key);
        if (field.Match is { } match)
        {
            return values.Any(v => MatchesValue(match, v));
        }

        if (field.Range is { } range)
        {
            return values.Any(v => AsNumber(v) is { } number &&
                                   (!range.HasGt || number > range.Gt) &&
                                   (!range.HasGte || number >= range.Gte) &&
                                   (!range.HasLt || number < range.Lt) &&
                                   (!range.HasLte || number <= range.Lte));
        }

        throw new RpcException(new Status(StatusCode.Unimplemented,
            $"The Qdrant test server implements match and range field conditions only (key '{field.Key}')."));
    }

    private static bool MatchesValue(Match match, Value value) => match.MatchValueCase switch
    {
        Match.MatchValueOneofCase.Keyword => value.KindCase == Value.KindOneofCase.StringValue && value.StringValue == match.Keyword,
        Match.MatchValueOneofCase.Integer => value.KindCase == Value.KindOneofCase.IntegerValue && value.IntegerValue == match.Integer,
        Match.MatchValueOneofCase.Boolean => value.KindCase == Value.KindOneofCase.BoolValue && value.BoolValue == match.Boolean,
        Match.MatchValueOneofCase.Keywords => value.KindCase == Value.KindOneofCase.StringValue && match.Keywords.Strings.Contains(value.StringValue),
        Match.MatchValueOneofCase.Integers => value.KindCase == Value.KindOneofCase.IntegerValue && match.Integers.Integers.Contains(value.IntegerValue),
        Match.MatchValueOneofCase.ExceptKeywords => value.KindCase == Value.KindOneofCase.StringValue && !match.ExceptKeywords.Strings.Contains(value.StringValue),
        Match.MatchValueOneofCase.ExceptIntegers => value.KindCase == Value.KindOneofCase.IntegerValue && !match.ExceptIntegers.Integers.Contains(value.IntegerValue),
        _ => throw new RpcException(new Status(StatusCode.Unimplemented,
            $"The Qdrant test server does not implement {match.MatchValueCase} matches.")),
    };

    private static double? AsNumber(Value value) => value.KindCase switch
    {
        Value.KindOneofCase.IntegerValue => value.IntegerValue,
        Value.KindOneofCase.DoubleValue => value.DoubleValue,
        _ => null,
    };
}
