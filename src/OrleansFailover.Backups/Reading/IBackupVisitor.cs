using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Reading;

/// <summary>
/// Receives a backup file's content as <see cref="BackupReader"/> streams through it. For every collection the
/// calls come in order: start, config (null when the file has none), points, end; metadata may come anywhere
/// between start and end. Problems come as they are found; a point with a problem is reported, not delivered.
/// </summary>
public interface IBackupVisitor
{
    void OnVersion(string version);

    void OnFileMetadata(IReadOnlyDictionary<string, PayloadValue> metadata);

    void OnCollectionStart(string collection);

    void OnCollectionConfig(string collection, CollectionSchema? schema);

    void OnPoint(string collection, long index, VectorPoint point);

    void OnCollectionMetadata(string collection, IReadOnlyDictionary<string, PayloadValue> metadata);

    /// <param name="pointsInFile">How many elements the points array had, delivered or not; null when it had none.</param>
    void OnCollectionEnd(string collection, long? pointsInFile);

    void OnChecksumField(string value);

    void OnProblem(BackupProblem problem);
}
