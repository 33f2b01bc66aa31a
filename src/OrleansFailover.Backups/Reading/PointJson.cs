using System.Text;
using OrleansFailover.Backups.Format;
using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Reading;

/// <summary>
/// Reads one point laid out as in a backup file, <c>{"id": …, "vector": {…}, "payload": {…}}</c>: the line format
/// of <c>client upsert --file</c>. Either the point or a problem that says what is wrong.
/// </summary>
public static class PointJson
{
    public static (VectorPoint? Point, BackupProblem? Problem) Parse(string text, string location)
    {
        var visitor = new ProblemCollector();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var json = new JsonStreamReader(stream, BackupLimits.Default.MaxTokenBytes, BackupLimits.Default.MaxDepth);
        try
        {
            if (!json.Read())
            {
                return (null, new BackupProblem(location, "the line is empty"));
            }

            var point = new BackupParser(visitor, BackupLimits.Default).ReadPoint(ref json, location);
            if (visitor.First is not null)
            {
                return (null, visitor.First);
            }

            if (json.Read())
            {
                return (null, new BackupProblem(location, "there is more on the line after the point"));
            }

            return point is null ? (null, new BackupProblem(location, "not a point")) : (point, null);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or BackupFormatException or InvalidOperationException)
        {
            return (null, new BackupProblem(location, $"not valid JSON: {exception.Message}"));
        }
        finally
        {
            json.Dispose();
        }
    }

    private sealed class ProblemCollector : IBackupVisitor
    {
        public BackupProblem? First { get; private set; }

        public void OnProblem(BackupProblem problem) => First ??= problem;

        public void OnVersion(string version)
        {
        }

        public void OnFileMetadata(IReadOnlyDictionary<string, PayloadValue> metadata)
        {
        }

        public void OnCollectionStart(string collection)
        {
        }

        public void OnCollectionConfig(string collection, CollectionSchema? schema)
        {
        }

        public void OnPoint(string collection, long index, VectorPoint point)
        {
        }

        public void OnCollectionMetadata(string collection, IReadOnlyDictionary<string, PayloadValue> metadata)
        {
        }

        public void OnCollectionEnd(string collection, long? pointsInFile)
        {
        }

        public void OnChecksumField(string value)
        {
        }
    }
}
