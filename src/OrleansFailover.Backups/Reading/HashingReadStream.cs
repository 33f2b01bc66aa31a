using System.Security.Cryptography;

namespace OrleansFailover.Backups.Reading;

/// <summary>Passes reads through and hashes the first <c>hashedLength</c> bytes of the stream as they go by.</summary>
internal sealed class HashingReadStream(Stream inner, long hashedLength) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <summary>Reads (and hashes) whatever the consumer left unread of the hashed range, then returns the digest.</summary>
    public byte[] FinishDigest()
    {
        var scratch = new byte[1 << 20];
        while (_position < hashedLength && Read(scratch, 0, scratch.Length) > 0)
        {
        }

        return _hash.GetHashAndReset();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        var hashable = (int)Math.Clamp(hashedLength - _position, 0, read);
        if (hashable > 0)
        {
            _hash.AppendData(buffer[..hashable]);
        }

        _position += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
