using System.Text;

namespace OrleansFailover.Backups.Tests;

/// <summary>
/// A read-only stream of a prefix, then one byte repeated <c>fillLength</c> times, then a suffix, produced on
/// the fly: a file of gigabytes that occupies no memory, to show the reader's memory stays bounded.
/// </summary>
internal sealed class GeneratedStream(string prefix, byte fill, long fillLength, string suffix) : Stream
{
    private readonly byte[] _prefix = Encoding.UTF8.GetBytes(prefix);
    private readonly byte[] _suffix = Encoding.UTF8.GetBytes(suffix);
    private long _position;

    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _prefix.Length + fillLength + _suffix.Length;

    public override long Position
    {
        get => _position;
        set => _position = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var written = 0;
        while (written < count && _position < Length)
        {
            buffer[offset + written] = _position < _prefix.Length
                ? _prefix[_position]
                : _position < _prefix.Length + fillLength
                    ? fill
                    : _suffix[_position - _prefix.Length - fillLength];
            written++;
            _position++;
        }

        return written;
    }

    public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
