using System.Buffers;
using System.Text.Json;

namespace OrleansFailover.Backups.Reading;

/// <summary>
/// A <see cref="Utf8JsonReader"/> over a stream: it refills its buffer as tokens are consumed, so a file of
/// any size is read in bounded memory. The buffer grows only for a single token that does not fit, and never
/// past <c>maxTokenBytes</c>.
/// </summary>
internal ref struct JsonStreamReader
{
    private const int InitialBufferBytes = 1 << 20;

    /// <summary>The buffer never holds less than this, whatever the limit says.</summary>
    private const int MinTokenBufferBytes = 1024;

    private readonly Stream _stream;
    private readonly int _maxTokenBytes;
    private byte[] _buffer;
    private int _length;
    private bool _isFinal;
    private long _bufferStart;
    private Utf8JsonReader _reader;

    public JsonStreamReader(Stream stream, int maxTokenBytes, int maxDepth)
    {
        _stream = stream;
        _maxTokenBytes = TokenCapacity(maxTokenBytes);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, _maxTokenBytes));
        Fill();
        var options = new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Disallow };
        _reader = new Utf8JsonReader(_buffer.AsSpan(0, _length), _isFinal, new JsonReaderState(options));
    }

    /// <summary>
    /// How many bytes the buffer grows to for <paramref name="maxTokenBytes"/>: a token must fit in it together with the
    /// separators around it (the comma before it, the colon after a property name).
    /// </summary>
    public static int TokenCapacity(int maxTokenBytes) => Math.Max(maxTokenBytes, MinTokenBufferBytes);

    public readonly JsonTokenType TokenType => _reader.TokenType;

    public readonly int CurrentDepth => _reader.CurrentDepth;

    /// <summary>Where the current token starts, in bytes from the start of the stream.</summary>
    public readonly long TokenPosition => _bufferStart + _reader.TokenStartIndex;

    public readonly ReadOnlySpan<byte> ValueSpan => _reader.ValueSpan;

    public readonly bool ValueIsEscaped => _reader.ValueIsEscaped;

    public readonly string GetString() => _reader.GetString()!;

    public readonly bool ValueTextEquals(ReadOnlySpan<byte> text) => _reader.ValueTextEquals(text);

    public readonly bool TryGetUInt64(out ulong value) => _reader.TryGetUInt64(out value);

    public readonly bool TryGetUInt32(out uint value) => _reader.TryGetUInt32(out value);

    public readonly bool TryGetInt64(out long value) => _reader.TryGetInt64(out value);

    public readonly bool TryGetDouble(out double value) => _reader.TryGetDouble(out value);

    public bool Read()
    {
        while (!_reader.Read())
        {
            if (_isFinal)
            {
                return false;
            }

            Refill();
        }

        return true;
    }

    /// <summary>Skips the value whose first token is current, however deep it is.</summary>
    public void SkipValue()
    {
        if (TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var depth = CurrentDepth;
        while (Read())
        {
            if (TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && CurrentDepth == depth)
            {
                return;
            }
        }

        throw new BackupFormatException($"byte {TokenPosition}", "the file ends in the middle of a value (truncated?)");
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Refill()
    {
        var consumed = (int)_reader.BytesConsumed;
        var state = _reader.CurrentState;
        var remaining = _length - consumed;
        if (consumed == 0 && remaining == _buffer.Length)
        {
            // One token fills the whole buffer: grow, within the limit.
            if (_buffer.Length >= _maxTokenBytes)
            {
                throw new BackupFormatException(
                    $"byte {_bufferStart}",
                    $"a single JSON value is larger than the limit of {_maxTokenBytes / (1024 * 1024)} MiB");
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxTokenBytes));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else if (consumed > 0)
        {
            _buffer.AsSpan(consumed, remaining).CopyTo(_buffer);
        }

        _bufferStart += consumed;
        _length = remaining;
        Fill();
        _reader = new Utf8JsonReader(_buffer.AsSpan(0, _length), _isFinal, state);
    }

    private void Fill()
    {
        while (_length < _buffer.Length)
        {
            var read = _stream.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0)
            {
                _isFinal = true;
                return;
            }

            _length += read;
        }
    }
}
