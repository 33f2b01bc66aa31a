using System.Threading.Channels;
using OrleansFailover.Backups.Storage;
using OrleansFailover.Contracts;
using OrleansFailover.VectorStores;

namespace OrleansFailover.Backups.Sync;

/// <summary>
/// A full sync of one collection: scroll the source store page by page into a new backup generation, then
/// publish it atomically. Scrolling and writing run side by side, joined by a queue of a few pages, so memory
/// is bounded by the page size and not the collection. A source that fails mid-scroll leaves no new file and
/// the previous generation exactly as it was.
/// </summary>
public static class CollectionSnapshotter
{
    private const int PagesInFlight = 3;

    public static async Task<SnapshotResult> SnapshotAsync(
        IVectorStore source,
        string collection,
        BackupFolder folder,
        TimeProvider time,
        SnapshotOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new SnapshotOptions();
        var started = time.GetTimestamp();
        var info = await source.GetCollectionAsync(collection, cancellationToken);
        using var pending = folder.Begin(collection, time.GetUtcNow(), options.Source, options.JournalSequence);
        pending.Writer.BeginCollection(collection, info.Schema);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pages = Channel.CreateBounded<IReadOnlyList<VectorPoint>>(
            new BoundedChannelOptions(PagesInFlight) { SingleReader = true, SingleWriter = true });
        var scrolling = ScrollAllAsync(source, collection, options, pages.Writer, stop.Token);

        long points = 0;
        try
        {
            await foreach (var page in pages.Reader.ReadAllAsync(stop.Token))
            {
                pending.Writer.WritePoints(page);
                points += page.Count;
            }

            await scrolling; // surfaces a failure of the source
        }
        catch
        {
            await stop.CancelAsync();
            await scrolling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        pending.Writer.EndCollection();
        var generation = await BlockingIo.RunAsync(pending.Commit);
        return new SnapshotResult(generation, info.Schema, points, pending.Writer.Checksum!, time.GetElapsedTime(started));
    }

    private static async Task ScrollAllAsync(
        IVectorStore source, string collection, SnapshotOptions options, ChannelWriter<IReadOnlyList<VectorPoint>> pages, CancellationToken cancellationToken)
    {
        try
        {
            PointId? offset = null;
            do
            {
                var request = new ScrollRequest { Offset = offset, Limit = options.PageSize, WithPayload = true, WithVectors = true };
                var page = await ScrollPageAsync(source, collection, request, options.PageRetries, cancellationToken);
                await pages.WriteAsync(page.Points, cancellationToken);
                offset = page.NextOffset;
            }
            while (offset is not null);

            pages.TryComplete();
        }
        catch (Exception exception)
        {
            pages.TryComplete(exception);
            throw;
        }
    }

    private static async Task<ScrollPage> ScrollPageAsync(
        IVectorStore source, string collection, ScrollRequest request, int retries, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await source.ScrollAsync(collection, request, cancellationToken);
            }
            catch (VectorStoreException error) when (error.Kind is VectorStoreErrorKind.Unavailable or VectorStoreErrorKind.Timeout && attempt < retries
                                                     && !cancellationToken.IsCancellationRequested)
            {
                // Scrolling from an offset is idempotent: ask for the same page again.
            }
        }
    }
}
