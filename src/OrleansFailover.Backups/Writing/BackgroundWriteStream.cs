using System.Buffers;
using System.Threading.Channels;

namespace OrleansFailover.Backups.Writing;

/// <summary>
/// Hands written bytes to a background task that passes them on (to the hashing and file streams), so that
/// encoding the next megabyte overlaps hashing and writing the last. At most a few buffers are in flight;
/// <see cref="WaitUntilWritten"/> waits until everything has reached the inner stream, and a failure of the
/// background task surfaces on the next write or wait. <see cref="Flush"/> does not wait: Utf8JsonWriter
/// flushes its stream every time it hands over a buffer, and waiting there would undo the overlap.
/// </summary>
internal sealed class BackgroundWriteStream : WriteOnlyStream
{
    private const int BuffersInFlight = 4;

    private readonly Stream _inner;
    private readonly Channel<Item> _queue =
        Channel.CreateBounded<Item>(new BoundedChannelOptions(BuffersInFlight) { SingleReader = true, SingleWriter = true });
    private readonly Task _drain;
    private volatile Exception? _failure;

    public BackgroundWriteStream(Stream inner)
    {
        _inner = inner;
        _drain = Task.Factory.StartNew(Drain, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        ThrowIfFailed();
        var copy = ArrayPool<byte>.Shared.Rent(buffer.Length);
        buffer.CopyTo(copy);
        Enqueue(new Item(copy, buffer.Length, null));
        Written += buffer.Length;
    }

    public override void Flush() => ThrowIfFailed();

    /// <summary>Waits until every byte written so far has reached the inner stream, then flushes it.</summary>
    public void WaitUntilWritten()
    {
        ThrowIfFailed();
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Item(null, 0, flushed));
        flushed.Task.GetAwaiter().GetResult();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _queue.Writer.TryComplete();
            _drain.GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    private void Enqueue(Item item)
    {
        while (!_queue.Writer.TryWrite(item))
        {
            if (!_queue.Writer.WaitToWriteAsync().AsTask().GetAwaiter().GetResult())
            {
                throw new ObjectDisposedException(nameof(BackgroundWriteStream));
            }
        }
    }

    private void Drain()
    {
        var reader = _queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var item))
            {
                try
                {
                    if (_failure is null && item.Buffer is not null)
                    {
                        _inner.Write(item.Buffer, 0, item.Length);
                    }
                    else if (_failure is null && item.Flushed is not null)
                    {
                        _inner.Flush();
                    }
                }
                catch (Exception exception)
                {
                    // Remember the failure; everything after it is dropped and every flush reports it.
                    _failure = exception;
                }
                finally
                {
                    if (item.Buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(item.Buffer);
                    }
                }

                if (item.Flushed is { } flushed)
                {
                    if (_failure is null)
                    {
                        flushed.TrySetResult();
                    }
                    else
                    {
                        flushed.TrySetException(new IOException("Writing the backup failed.", _failure));
                    }
                }
            }
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new IOException("Writing the backup failed.", failure);
        }
    }

    private readonly record struct Item(byte[]? Buffer, int Length, TaskCompletionSource? Flushed);
}
