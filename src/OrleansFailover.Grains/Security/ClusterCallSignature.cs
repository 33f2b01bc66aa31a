using System.Security.Cryptography;
using System.Text;

namespace OrleansFailover.Grains.Security;

/// <summary>
/// The proof that a call comes from a silo of the cluster: an HMAC-SHA256, keyed with the cluster key, of the call's
/// target grain, interface and method. Silos add it to every call they make to a grain; a client cannot make one
/// without the key, and one it saw would only ever be good for the same method of the same grain. Calls to clients
/// never carry it.
/// </summary>
public sealed class ClusterCallSignature
{
    /// <summary>The request-context entry that carries the signature.</summary>
    public const string ContextEntry = "orleansfailover-cluster-signature";

    private readonly byte[] _key;

    private ClusterCallSignature(byte[] key) => _key = key;

    /// <summary>From the configured cluster key; none: a key of this process's own (a lone silo).</summary>
    public static ClusterCallSignature From(string? clusterKey) => new(string.IsNullOrEmpty(clusterKey)
        ? RandomNumberGenerator.GetBytes(32)
        : SHA256.HashData(Encoding.UTF8.GetBytes("OrleansFailover cluster calls\n" + clusterKey)));

    public string Sign(string target, string interfaceName, string method) =>
        Convert.ToBase64String(Compute(target, interfaceName, method));

    public bool Verify(string? signature, string target, string interfaceName, string method)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length > 64)
        {
            return false;
        }

        Span<byte> presented = stackalloc byte[48];
        return Convert.TryFromBase64String(signature, presented, out var written)
               && written == 32
               && CryptographicOperations.FixedTimeEquals(presented[..written], Compute(target, interfaceName, method));
    }

    private byte[] Compute(string target, string interfaceName, string method) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{target}\n{interfaceName}\n{method}"));
}
