using System.Threading.Channels;
using OrleansFailover.Backups.Reading;
using OrleansFailover.Contracts;
using OrleansFailover.VectorStores;

namespace OrleansFailover.Backups.Restore;

/// <summary>
/// Loads a backup file into a vector store: the file is read on its own thread and the points are upserted
/// in batches as they arrive. Meant for files that passed validation; any problem met stops the load with
/// an error that says what and where.
/// </summary>
public static class BackupLoader
{
    public static async Task<BackupLoadResult> LoadAsync(
        string path, IVectorStore target, BackupLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BackupLoadOptions();
        if (options.TargetName is not null && options.Collection is null)
        {
            throw new ArgumentException("A target name needs a single source collection.", nameof(options));
        }

        var channel = Channel.CreateBounded<LoadEvent>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var reading = Task.Factory.StartNew(
            () => ReadInto(path, channel.Writer, options),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var loaded = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
            {
                switch (item)
                {
                    case LoadEvent.Begin begin:
                        var name = options.TargetName ?? begin.Collection;
                        if (options.ReplaceExisting)
                        {
                            await target.DeleteCollectionAsync(name, cancellationToken);
                        }

                        await target.CreateCollectionAsync(name, begin.Schema, cancellationToken);
                        loaded[name] = 0;
                        break;
                    case LoadEvent.Points points:
                        var targetName = options.TargetName ?? points.Collection;
                        await target.UpsertAsync(targetName, points.Batch, cancellationToken);
                        loaded[targetName] += points.Batch.Count;
                        break;
                    case LoadEvent.Problem problem:
                        throw new BackupFormatException(problem.Details.Location, problem.Details.Message);
                }
            }
        }
        finally
        {
            // Stop the reading thread if the load ended early, then wait for it to let go of the file.
            channel.Writer.TryComplete();
            while (channel.Reader.TryRead(out _))
            {
            }

            await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (options.Collection is not null && loaded.Count == 0)
        {
            throw new BackupFormatException("collections", $"the file has no collection named '{CollectionNames.Printable(options.Collection)}'");
        }

        return new BackupLoadResult(loaded);
    }

    private static void ReadInto(string path, ChannelWriter<LoadEvent> writer, BackupLoadOptions options)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            BackupReader.Read(file, new ChannelVisitor(writer, options.Collection, options.BatchSize));
            writer.TryComplete();
        }
        catch (Exception exception)
        {
            writer.TryComplete(exception);
        }
    }
}
