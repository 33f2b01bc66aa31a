using OrleansFailover.Backups.Writing;
using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Tests;

/// <summary>Writes backup files for tests.</summary>
internal static class BackupFiles
{
    public static readonly DateTimeOffset CreatedAt = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static string WriteNative(string path, string collection, CollectionSchema schema, IReadOnlyList<VectorPoint> points, long generation = 1)
    {
        using var file = File.Create(path);
        using var writer = new BackupWriter(file);
        writer.WriteHeader(new BackupHeader(CreatedAt, BackupHeader.PrimarySync, generation));
        writer.BeginCollection(collection, schema);
        foreach (var batch in points.Chunk(100))
        {
            writer.WritePoints(batch);
        }

        writer.EndCollection();
        writer.Complete();
        return path;
    }

    public static string Text(string path) => File.ReadAllText(path);
}
