using OrleansFailover.Contracts;

namespace OrleansFailover.Grains.Options;

/// <summary>
/// Configuration section "Limits": how big one request may be, so that one caller cannot hurt the others. A request
/// over a limit is refused as an invalid argument naming the limit; it never counts against Qdrant's health.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Points in one upsert.</summary>
    public int MaxPointsPerUpsert { get; set; } = 10_000;

    /// <summary>Ids in one get or delete, and in a filter's has-id conditions.</summary>
    public int MaxIdsPerRequest { get; set; } = 10_000;

    /// <summary>One point's payload, measured as its JSON text.</summary>
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>Levels of nested objects and arrays in one point's payload.</summary>
    public int MaxPayloadDepth { get; set; } = 32;

    /// <summary>Conditions in one filter, nested ones included.</summary>
    public int MaxFilterConditions { get; set; } = 256;

    /// <summary>Levels of filters nested in filters.</summary>
    public int MaxFilterDepth { get; set; } = 8;

    /// <summary>A search's top-k (at most <see cref="SearchRequest.MaxLimit"/>).</summary>
    public int MaxSearchLimit { get; set; } = SearchRequest.MaxLimit;

    /// <summary>One scroll page (at most <see cref="ScrollRequest.MaxLimit"/>).</summary>
    public int MaxScrollLimit { get; set; } = 10_000;

    /// <summary>The deepest payload the service can carry at all (its binary form's bound).</summary>
    public const int PayloadDepthCeiling = 64;
}
