using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using OrleansFailover.Backups.Format;
using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Writing;

/// <summary>
/// Writes a backup as a stream: header, then for each collection its config, its points batch by batch,
/// and its metadata (counts are known only at the end, so they come after the points). The native format
/// ends with a SHA-256 trailer over every byte before it. Memory use does not depend on the collection size.
/// </summary>
public sealed class BackupWriter : IDisposable
{
    private const int FlushThresholdBytes = 1 << 20;

    private readonly BackupFileFormat _format;
    private readonly BackupLimits _limits;
    private readonly HashingWriteStream _output;
    private readonly BackgroundWriteStream _background;
    private readonly Utf8JsonWriter _json;
    private readonly List<(string Name, long Points)> _written = [];
    private BackupHeader? _header;
    private string? _collection;
    private long _collectionPoints;

    /// <param name="limits">What the reader of the file will accept; a point beyond it is refused (<see cref="WritePoints"/>).</param>
    public BackupWriter(Stream destination, BackupFileFormat format = BackupFileFormat.Native, BackupLimits? limits = null)
    {
        _format = format;
        _limits = limits ?? BackupLimits.Default;
        _output = new HashingWriteStream(destination);
        // Hashing and writing happen on a background task while the next points are encoded.
        _background = new BackgroundWriteStream(_output);
        _json = new Utf8JsonWriter(_background, new JsonWriterOptions
        {
            // The checksum trailer is written raw after the digest, outside the writer's view of the structure.
            SkipValidation = true,
            // The encoder BackupPointCheck measures strings with: what it measures is what is written.
            Encoder = BackupPointCheck.Encoder,
        });
    }

    /// <summary>The checksum of a completed native backup, as written in its trailer ("sha256:...").</summary>
    public string? Checksum { get; private set; }

    public long BytesWritten => _background.Length + _json.BytesPending;

    public void WriteHeader(BackupHeader header)
    {
        _header = header;
        _json.WriteStartObject();
        _json.WriteString("version", _format == BackupFileFormat.Native ? BackupVersions.Native : BackupVersions.CodeWeaverV2);
        if (_format == BackupFileFormat.Native)
        {
            _json.WritePropertyName("metadata");
            _json.WriteStartObject();
            _json.WriteString("format", BackupVersions.NativeFormatName);
            _json.WriteString("created_at", FormatTime(header.CreatedAt));
            _json.WriteString("source", header.Source);
            _json.WriteNumber("generation", header.Generation);
            if (header.JournalSequence is { } journalSequence)
            {
                _json.WriteNumber("journal_sequence", journalSequence);
            }
            _json.WriteEndObject();
        }

        _json.WritePropertyName("collections");
        _json.WriteStartObject();
    }

    public void BeginCollection(string name, CollectionSchema schema)
    {
        if (_header is null || _collection is not null)
        {
            throw new InvalidOperationException("Write the header first, and end one collection before beginning the next.");
        }

        _collection = name;
        _collectionPoints = 0;
        _json.WritePropertyName(name);
        _json.WriteStartObject();
        _json.WritePropertyName("config");
        _json.WriteStartObject();
        _json.WritePropertyName("vectors_config");
        _json.WriteStartObject();
        foreach (var dense in schema.Dense)
        {
            _json.WritePropertyName(dense.Name);
            _json.WriteStartObject();
            _json.WriteNumber("size", dense.Size);
            _json.WriteString("distance", DistanceNames.Format(dense.Distance));
            _json.WriteEndObject();
        }

        _json.WriteEndObject();
        _json.WritePropertyName("sparse_vectors_config");
        _json.WriteStartObject();
        foreach (var sparse in schema.Sparse)
        {
            _json.WritePropertyName(sparse.Name);
            _json.WriteStartObject();
            _json.WriteEndObject();
        }

        _json.WriteEndObject();
        _json.WriteEndObject();
        _json.WritePropertyName("points");
        _json.WriteStartArray();
    }

    /// <summary>
    /// Writes a batch of points. A point the reader would refuse (<see cref="BackupLimits.Check"/>) makes the whole file
    /// unreadable, so the batch is checked first and refused whole with <see cref="BackupPointRefusedException"/>:
    /// nothing of it is written.
    /// </summary>
    public void WritePoints(IReadOnlyList<VectorPoint> points)
    {
        if (_collection is null)
        {
            throw new InvalidOperationException("Begin a collection before writing points.");
        }

        foreach (var point in points)
        {
            if (BackupPointCheck.FindProblem(point, _limits, _format) is { } problem)
            {
                throw new BackupPointRefusedException(_collection, point.Id, problem);
            }
        }

        foreach (var point in points)
        {
            WritePoint(point);
            if (_json.BytesPending >= FlushThresholdBytes)
            {
                _json.Flush();
            }
        }

        _collectionPoints += points.Count;
    }

    public void EndCollection()
    {
        _json.WriteEndArray();
        _json.WritePropertyName("metadata");
        _json.WriteStartObject();
        _json.WriteString("provider", "orleans-failover");
        _json.WriteString("created_at", FormatTime(_header!.CreatedAt));
        _json.WriteNumber("point_count", _collectionPoints);
        _json.WriteEndObject();
        _json.WriteEndObject();
        _written.Add((_collection!, _collectionPoints));
        _collection = null;
    }

    /// <summary>Closes the document; for the native format, computes and appends the checksum trailer.</summary>
    public void Complete()
    {
        if (_collection is not null)
        {
            throw new InvalidOperationException($"Collection '{_collection}' was not ended.");
        }

        _json.WriteEndObject();
        if (_format == BackupFileFormat.CodeWeaverV2)
        {
            _json.WritePropertyName("metadata");
            _json.WriteStartObject();
            _json.WriteString("created_at", FormatTime(_header!.CreatedAt));
            _json.WriteString("last_modified", FormatTime(_header.CreatedAt));
            _json.WriteNumber("collection_count", _written.Count);
            _json.WriteNumber("total_points", _written.Sum(w => w.Points));
            _json.WriteString("source", _header.Source);
            _json.WriteEndObject();
            _json.WriteEndObject();
            _json.Flush();
            _background.WaitUntilWritten();
            _output.Inner.WriteByte((byte)'\n');
        }
        else
        {
            _json.Flush();
            _background.WaitUntilWritten();
            var digest = _output.GetDigest();
            Checksum = "sha256:" + Convert.ToHexStringLower(digest);
            _output.Inner.Write(ChecksumTrailer.Create(digest));
        }
    }

    public void Dispose()
    {
        _json.Dispose();
        _background.Dispose();
        _output.Dispose();
    }

    private void WritePoint(VectorPoint point)
    {
        _json.WriteStartObject();
        if (point.Id.IsUuid)
        {
            _json.WriteString("id", point.Id.ToString());
        }
        else
        {
            _json.WriteNumber("id", point.Id.Number);
        }

        _json.WritePropertyName("vector");
        _json.WriteStartObject();
        foreach (var (name, vector) in point.Dense)
        {
            _json.WritePropertyName(name);
            if (_format == BackupFileFormat.Native)
            {
                WriteLittleEndian(vector.AsSpan());
            }
            else
            {
                WriteNumbers(vector);
            }
        }

        foreach (var (name, vector) in point.Sparse)
        {
            _json.WritePropertyName(name);
            _json.WriteStartObject();
            _json.WritePropertyName("indices");
            if (_format == BackupFileFormat.Native)
            {
                WriteLittleEndian(vector.Indices.AsSpan());
                _json.WritePropertyName("values");
                WriteLittleEndian(vector.Values.AsSpan());
            }
            else
            {
                _json.WriteStartArray();
                foreach (var index in vector.Indices)
                {
                    _json.WriteNumberValue(index);
                }

                _json.WriteEndArray();
                _json.WritePropertyName("values");
                WriteNumbers(vector.Values);
            }

            _json.WriteEndObject();
        }

        _json.WriteEndObject();
        _json.WritePropertyName("payload");
        PayloadJsonWriter.WriteObject(_json, point.Payload);
        _json.WriteEndObject();
    }

    private void WriteNumbers(float[] values)
    {
        _json.WriteStartArray();
        foreach (var value in values)
        {
            _json.WriteNumberValue(value);
        }

        _json.WriteEndArray();
    }

    private void WriteLittleEndian<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            _json.WriteBase64StringValue(MemoryMarshal.AsBytes(values));
            return;
        }

        var copy = values.ToArray();
        var words = MemoryMarshal.Cast<T, uint>(copy.AsSpan());
        BinaryPrimitives.ReverseEndianness(words, words);
        _json.WriteBase64StringValue(MemoryMarshal.AsBytes(copy.AsSpan()));
    }

    private static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
