using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansFailover.Backups.Storage;

namespace OrleansFailover.Grains.Storage;

/// <summary>
/// Grain state in files (one per grain and state name), replaced durably on every write and guarded by an
/// ETag (a version number). The embedded silo keeps its state here, next to the backups, so a restarted silo
/// remembers that it is in failover.
/// </summary>
public sealed class FileGrainStorage(string root, Serializer serializer) : IGrainStorage
{
    private const int HeaderBytes = sizeof(long) + sizeof(int);
    private readonly ConcurrentDictionary<string, object> _locks = new(StringComparer.Ordinal);

    public string Root { get; } = Path.GetFullPath(root);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        lock (LockFor(path))
        {
            if (!File.Exists(path))
            {
                grainState.RecordExists = false;
                grainState.ETag = null;
                return Task.CompletedTask;
            }

            var bytes = File.ReadAllBytes(path);
            var (version, storedId, payload) = Parse(bytes, path);
            if (storedId != grainId.ToString())
            {
                throw new InvalidOperationException($"State file '{path}' belongs to grain '{storedId}', not '{grainId}'.");
            }

            grainState.State = serializer.Deserialize<T>(payload);
            grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Durable (fsync, rename, folder fsync). The state is serialized in the grain's turn; the file work runs on
    /// <see cref="BlockingIo"/>'s threads, so a slow disk holds none of the threads grains and gRPC run on.
    /// </summary>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        var id = Encoding.UTF8.GetBytes(grainId.ToString());
        var payload = serializer.SerializeToArray(grainState.State);
        var expected = grainState.ETag;
        return BlockingIo.RunAsync(() =>
        {
            lock (LockFor(path))
            {
                var current = CurrentVersion(path);
                CheckETag(expected, current);
                var next = (current ?? 0) + 1;
                var content = new byte[HeaderBytes + id.Length + payload.Length];
                BinaryPrimitives.WriteInt64LittleEndian(content, next);
                BinaryPrimitives.WriteInt32LittleEndian(content.AsSpan(sizeof(long)), id.Length);
                id.CopyTo(content, HeaderBytes);
                payload.CopyTo(content, HeaderBytes + id.Length);
                DurableFile.Replace(path, content);
                grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
                grainState.RecordExists = true;
            }
        });
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathFor(stateName, grainId);
        var expected = grainState.ETag;
        return BlockingIo.RunAsync(() =>
        {
            lock (LockFor(path))
            {
                CheckETag(expected, CurrentVersion(path));
                DurableFile.Delete(path);
                grainState.ETag = null;
                grainState.RecordExists = false;
            }
        });
    }

    private static void CheckETag(string? expected, long? current)
    {
        var currentTag = current?.ToString(CultureInfo.InvariantCulture);
        if (!string.Equals(expected, currentTag, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                "The state was changed by another activation since it was read.", currentTag ?? "(none)", expected ?? "(none)");
        }
    }

    private static long? CurrentVersion(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var file = File.OpenRead(path);
        Span<byte> header = stackalloc byte[sizeof(long)];
        file.ReadExactly(header);
        return BinaryPrimitives.ReadInt64LittleEndian(header);
    }

    private static (long Version, string GrainId, byte[] Payload) Parse(byte[] bytes, string path)
    {
        if (bytes.Length < HeaderBytes)
        {
            throw new InvalidOperationException($"State file '{path}' is truncated.");
        }

        var version = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var idLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(sizeof(long)));
        if (idLength < 0 || HeaderBytes + idLength > bytes.Length)
        {
            throw new InvalidOperationException($"State file '{path}' is corrupt.");
        }

        var id = Encoding.UTF8.GetString(bytes, HeaderBytes, idLength);
        return (version, id, bytes[(HeaderBytes + idLength)..]);
    }

    // Grain ids can be long and hold any character: the file is named by a hash and keeps the id inside.
    private string PathFor(string stateName, GrainId grainId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(grainId.ToString())));
        var folder = stateName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? stateName
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stateName)))[..16];
        return Path.Combine(Root, folder, hash + ".state");
    }

    private object LockFor(string path) => _locks.GetOrAdd(path, _ => new object());
}
