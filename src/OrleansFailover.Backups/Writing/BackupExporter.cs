using OrleansFailover.Backups.Reading;
using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Writing;

/// <summary>
/// Rewrites a backup of any supported version as CodeWeaver's v2.0 (JSON number arrays), streamed, for tools
/// that read that format. Meant for validated files: a problem met on the way stops the export.
/// </summary>
public static class BackupExporter
{
    public static void ExportToV2(Stream source, Stream destination, DateTimeOffset exportedAt)
    {
        using var writer = new BackupWriter(destination, BackupFileFormat.CodeWeaverV2);
        writer.WriteHeader(new BackupHeader(exportedAt, BackupHeader.PrimarySync, Generation: 0));
        BackupReader.Read(source, new ExportingVisitor(writer));
        writer.Complete();
    }

    private sealed class ExportingVisitor(BackupWriter writer) : IBackupVisitor
    {
        private readonly List<VectorPoint> _batch = [];

        public void OnVersion(string version)
        {
        }

        public void OnFileMetadata(IReadOnlyDictionary<string, PayloadValue> metadata)
        {
        }

        public void OnCollectionStart(string collection)
        {
        }

        public void OnCollectionConfig(string collection, CollectionSchema? schema) =>
            writer.BeginCollection(collection, schema ?? throw new BackupFormatException(
                Locations.Collection(collection), "the collection has no vector config"));

        public void OnPoint(string collection, long index, VectorPoint point)
        {
            _batch.Add(point);
            if (_batch.Count == 256)
            {
                writer.WritePoints(_batch);
                _batch.Clear();
            }
        }

        public void OnCollectionMetadata(string collection, IReadOnlyDictionary<string, PayloadValue> metadata)
        {
        }

        public void OnCollectionEnd(string collection, long? pointsInFile)
        {
            writer.WritePoints(_batch);
            _batch.Clear();
            writer.EndCollection();
        }

        public void OnChecksumField(string value)
        {
        }

        public void OnProblem(BackupProblem problem) => throw new BackupFormatException(problem.Location, problem.Message);
    }
}
