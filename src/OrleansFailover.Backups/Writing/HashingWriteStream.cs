using System.Security.Cryptography;

namespace OrleansFailover.Backups.Writing;

/// <summary>Passes writes through to a stream and feeds the same bytes to a SHA-256 as they go.</summary>
internal sealed class HashingWriteStream(Stream inner) : WriteOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public Stream Inner => inner;

    public byte[] GetDigest() => _hash.GetHashAndReset();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        inner.Write(buffer);
        Written += buffer.Length;
    }

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
