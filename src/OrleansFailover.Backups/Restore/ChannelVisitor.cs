using System.Threading.Channels;
using OrleansFailover.Backups.Reading;
using OrleansFailover.Contracts;

namespace OrleansFailover.Backups.Restore;

/// <summary>
/// Runs on the reading thread: batches points and hands them over through a bounded channel, waiting when
/// the loading side falls behind, so memory holds a few batches, never the whole file.
/// </summary>
internal sealed class ChannelVisitor(ChannelWriter<LoadEvent> output, string? onlyCollection, int batchSize) : IBackupVisitor
{
    private List<VectorPoint> _batch = [];
    private bool _selected;

    public void OnVersion(string version)
    {
    }

    public void OnFileMetadata(IReadOnlyDictionary<string, PayloadValue> metadata)
    {
    }

    public void OnCollectionStart(string collection) =>
        _selected = onlyCollection is null || string.Equals(collection, onlyCollection, StringComparison.Ordinal);

    public void OnCollectionConfig(string collection, CollectionSchema? schema)
    {
        if (!_selected)
        {
            return;
        }

        if (schema is null)
        {
            OnProblem(new BackupProblem(Locations.Collection(collection), "the collection has no vector config"));
            return;
        }

        Send(new LoadEvent.Begin(collection, schema));
    }

    public void OnPoint(string collection, long index, VectorPoint point)
    {
        if (!_selected)
        {
            return;
        }

        _batch.Add(point);
        if (_batch.Count >= batchSize)
        {
            Send(new LoadEvent.Points(collection, _batch));
            _batch = new List<VectorPoint>(batchSize);
        }
    }

    public void OnCollectionMetadata(string collection, IReadOnlyDictionary<string, PayloadValue> metadata)
    {
    }

    public void OnCollectionEnd(string collection, long? pointsInFile)
    {
        if (!_selected)
        {
            return;
        }

        if (_batch.Count > 0)
        {
            Send(new LoadEvent.Points(collection, _batch));
            _batch = new List<VectorPoint>(batchSize);
        }

        Send(new LoadEvent.End(collection));
    }

    public void OnChecksumField(string value)
    {
    }

    public void OnProblem(BackupProblem problem) => Send(new LoadEvent.Problem(problem));

    private void Send(LoadEvent item)
    {
        while (!output.TryWrite(item))
        {
            if (!output.WaitToWriteAsync().AsTask().GetAwaiter().GetResult())
            {
                throw new OperationCanceledException("The load was abandoned.");
            }
        }
    }
}
