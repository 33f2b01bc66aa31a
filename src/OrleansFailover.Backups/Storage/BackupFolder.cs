using System.Globalization;
using OrleansFailover.Backups.Writing;
using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Storage;

/// <summary>
/// The backup folder: one sub-folder per collection, named after the (validated) collection name, holding
/// numbered generations <c>backup-000000000042.json</c>. Only the newest <see cref="Retention"/> are kept.
/// Writes in progress are hidden files (<c>.backup-…tmp</c>) that listings ignore.
/// </summary>
public sealed class BackupFolder
{
    public const int DefaultRetention = 3;

    private const string FilePrefix = "backup-";
    private const string FileExtension = ".json";
    private const string TemporarySuffix = ".tmp";

    public BackupFolder(string root, int retention = DefaultRetention)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retention, 1);
        Root = Path.GetFullPath(root);
        Retention = retention;
    }

    public string Root { get; }

    public int Retention { get; }

    /// <summary>Collections that have at least one published generation.</summary>
    public IReadOnlyList<string> ListCollections()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        return Directory.EnumerateDirectories(Root)
            .Select(Path.GetFileName)
            .Where(name => CollectionNames.IsValid(name) && ListGenerations(name!).Count > 0)
            .Select(name => name!)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The published generations of a collection, newest first.</summary>
    public IReadOnlyList<BackupGeneration> ListGenerations(string collection)
    {
        var directory = DirectoryFor(collection);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var generations = new List<BackupGeneration>();
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles(FilePrefix + "*" + FileExtension))
        {
            var number = file.Name[FilePrefix.Length..^FileExtension.Length];
            if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
            {
                generations.Add(new BackupGeneration(collection, generation, file.FullName, file.Length, file.LastWriteTimeUtc));
            }
        }

        return generations.OrderByDescending(g => g.Generation).ToArray();
    }

    public BackupGeneration? Newest(string collection) => ListGenerations(collection).FirstOrDefault();

    /// <summary>
    /// Starts the next generation of a collection; the header is already written. The caller writes one generation of a
    /// collection at a time, so a temporary file of that collection found now was left by a write that crashed: it is
    /// removed first (each can be as large as a whole backup, and nothing else would ever remove it).
    /// </summary>
    public PendingBackup Begin(string collection, DateTimeOffset createdAt, string source = BackupHeader.PrimarySync, long? journalSequence = null)
    {
        var directory = DirectoryFor(collection);
        Directory.CreateDirectory(directory);
        RemoveAbandonedTemporaryFiles(collection);
        var generation = (Newest(collection)?.Generation ?? 0) + 1;
        var finalName = FileName(generation);
        var temporaryPath = Path.Combine(directory, $".{finalName}.{Guid.NewGuid():N}{TemporarySuffix}");
        var file = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        var pending = new PendingBackup(this, collection, generation, temporaryPath, Path.Combine(directory, finalName), file);
        pending.Writer.WriteHeader(new BackupHeader(createdAt, source, generation, journalSequence));
        return pending;
    }

    /// <summary>Deletes temporary files that a crashed write left behind; returns how many.</summary>
    public int RemoveAbandonedTemporaryFiles(string collection)
    {
        var directory = DirectoryFor(collection);
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "." + FilePrefix + "*" + TemporarySuffix))
        {
            File.Delete(file);
            removed++;
        }

        return removed;
    }

    /// <summary>The folder of a collection. The name is validated, and the result is checked to lie inside the root.</summary>
    public string DirectoryFor(string collection)
    {
        CollectionNames.EnsureValid(collection);
        var directory = Path.GetFullPath(Path.Combine(Root, collection));
        if (!string.Equals(Path.GetDirectoryName(directory), Root, StringComparison.Ordinal))
        {
            throw VectorStoreException.InvalidArgument(
                $"Collection name '{CollectionNames.Printable(collection)}' does not name a folder directly inside the backup folder.");
        }

        return directory;
    }

    /// <summary>
    /// Deletes the generations beyond the newest <see cref="Retention"/>. Called only after <paramref name="keep"/>, the
    /// generation just validated and published, so the newest valid generation is never among them; it is spared by
    /// name too, whatever else the folder holds.
    /// </summary>
    internal void ApplyRetention(string collection, long keep)
    {
        foreach (var old in ListGenerations(collection).Skip(Retention).Where(g => g.Generation != keep))
        {
            File.Delete(old.Path);
        }
    }

    private static string FileName(long generation) =>
        FilePrefix + generation.ToString("D12", CultureInfo.InvariantCulture) + FileExtension;
}
