using System.Security.Cryptography;
using System.Text;

namespace OrleansFailover.Grains.Security;

/// <summary>What a presented key is worth.</summary>
public enum KeyRole
{
    /// <summary>No key was presented.</summary>
    Missing,

    /// <summary>A key that is none of the service's keys.</summary>
    Wrong,

    /// <summary>The read-only key.</summary>
    ReadOnly,

    /// <summary>The full key.</summary>
    Full,
}

/// <summary>
/// The service's API keys and the comparison of a presented key with them, in constant time: the comparison is of
/// SHA-256 digests, so neither a key's content nor its length shows in how long a refusal takes.
/// </summary>
public sealed class ApiKeys
{
    private readonly byte[]? _full;
    private readonly byte[]? _readOnly;

    public ApiKeys(string? full, string? readOnly)
    {
        _full = Digest(full);
        _readOnly = Digest(readOnly);
    }

    /// <summary>True when calls must carry a key.</summary>
    public bool Required => _full is not null || _readOnly is not null;

    public KeyRole Identify(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return KeyRole.Missing;
        }

        var digest = Digest(presented)!;
        // Both comparisons always run.
        var full = _full is not null && CryptographicOperations.FixedTimeEquals(digest, _full);
        var readOnly = _readOnly is not null && CryptographicOperations.FixedTimeEquals(digest, _readOnly);
        return full ? KeyRole.Full : readOnly ? KeyRole.ReadOnly : KeyRole.Wrong;
    }

    private static byte[]? Digest(string? key) => string.IsNullOrEmpty(key) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
