namespace OrleansFailover.Grains.Security;

/// <summary>
/// Configuration section "Security": who may call the service. Qdrant's key model: <see cref="ApiKey"/> allows
/// everything, <see cref="ReadOnlyApiKey"/> allows reading (search, get, scroll, count, collections, status). With
/// no key configured, calls need none (local development). <see cref="ClusterKey"/> is the silos' own secret.
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>The shortest key accepted: anything shorter could be guessed.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>
    /// The full key: every call through the gateway (reads, writes, operator commands) and the HTTP admin endpoints.
    /// Clients send it with every call (<c>client --api-key</c>); HTTP callers as <c>X-Api-Key</c> or a bearer token.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>A key that only reads: searches, gets, scrolls, counts, the collections, status and journals.</summary>
    public string? ReadOnlyApiKey { get; set; }

    /// <summary>
    /// The secret silos sign their calls to each other with: a call to the service's internal grains must carry a
    /// signature made with it, or it is refused. Required when silos form a cluster (every silo needs the same one);
    /// a lone silo without it makes up its own.
    /// </summary>
    public string? ClusterKey { get; set; }

    /// <summary><c>GET /status</c> needs a key too (read-only is enough); by default it is open to operators.</summary>
    public bool ProtectStatus { get; set; }

    public bool KeysConfigured => !string.IsNullOrEmpty(ApiKey) || !string.IsNullOrEmpty(ReadOnlyApiKey);
}
