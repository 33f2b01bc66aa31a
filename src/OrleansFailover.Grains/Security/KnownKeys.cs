namespace OrleansFailover.Grains.Security;

/// <summary>
/// The grains that exist at one key only (the failover grain, the per-silo workers) refuse to activate at any other:
/// a caller cannot conjure up thousands of them (Orleans activates a grain before any call filter sees the call).
/// </summary>
public static class KnownKeys
{
    public static void EnsureKey(this Grain grain, long expected)
    {
        var key = grain.GetPrimaryKeyLong();
        if (key != expected)
        {
            throw new InvalidOperationException($"{grain.GetType().Name} exists only at key {expected}, not {key}.");
        }
    }
}
