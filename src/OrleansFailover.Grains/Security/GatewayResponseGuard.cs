using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;

namespace OrleansFailover.Grains.Security;

/// <summary>
/// Drops every response a client sends through the gateway, before Orleans reads it. Orleans matches a response to
/// the call it answers by the caller's grain and a call number that counts up from zero in each silo; a client that
/// learns the count (the calls a silo makes to its observers carry it) could otherwise answer a call between grains
/// before the real answer arrives, and make, for example, a collection act on an admission nobody gave. The service's
/// clients never need to answer anything: the only calls silos make to them are one-way (<c>IFailoverObserver</c>,
/// Orleans' own gateway notices).
/// </summary>
/// <remarks>
/// It reads Orleans 10's framing as the gateway does: a preamble (<c>[length][payload]</c>), then messages
/// <c>[header length][body length][header][body]</c>, whose header begins with the packed flags (the direction in bits
/// 16-19; 2 is a response). Requests pass through untouched and unbuffered; a frame that does not parse ends the
/// connection, as Orleans would.
/// </remarks>
public sealed partial class GatewayResponseGuard(ILogger<GatewayResponseGuard> logger) : IConnectionMiddleware
{
    private const int MaxPreambleLength = 1024;
    private const int ResponseDirection = 2;

    public async Task OnConnectionAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var transport = connection.Transport;
        var guarded = new Pipe(new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false));
        connection.Transport = new GuardedTransport(guarded.Reader, transport.Output);
        using var stop = new CancellationTokenSource();
        var pump = PumpAsync(transport.Input, guarded.Writer, connection.ConnectionId, stop.Token);
        try
        {
            await next(connection);
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
            connection.Transport = transport;
        }
    }

    /// <summary>Copies the client's bytes to Orleans, frame by frame, leaving out the responses.</summary>
    public async Task PumpAsync(PipeReader input, PipeWriter output, string connectionId, CancellationToken cancellationToken)
    {
        var framing = new FrameWalker();
        Exception? error = null;
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(cancellationToken);
                var buffer = read.Buffer;
                var dropped = framing.Walk(ref buffer, output);
                input.AdvanceTo(buffer.Start, read.Buffer.End);
                if (dropped > 0)
                {
                    ResponsesDropped(logger, dropped, connectionId);
                }

                var flushed = await output.FlushAsync(cancellationToken);
                if (flushed.IsCompleted || read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection ended.
        }
        catch (InvalidDataException exception)
        {
            error = exception;
            MalformedFrame(logger, connectionId, exception.Message);
        }
        finally
        {
            await input.CompleteAsync();
            await output.CompleteAsync(error);
        }
    }

    /// <summary>Where the walk through the client's bytes is: what the next bytes are, and how many of them are left.</summary>
    internal sealed class FrameWalker
    {
        private enum Part
        {
            PreambleLength,
            MessageFraming,
            Pass,
            Drop,
        }

        private Part _part = Part.PreambleLength;
        private long _left;

        /// <summary>Walks as far as <paramref name="buffer"/> goes, passing frames to <paramref name="output"/>; returns the responses dropped.</summary>
        public int Walk(ref ReadOnlySequence<byte> buffer, IBufferWriter<byte> output)
        {
            var dropped = 0;
            while (true)
            {
                switch (_part)
                {
                    case Part.PreambleLength:
                        if (buffer.Length < 4)
                        {
                            return dropped;
                        }

                        var preamble = ReadInt32(buffer, 0);
                        if (preamble is < 0 or > MaxPreambleLength)
                        {
                            throw new InvalidDataException($"The client's preamble claims {preamble} bytes.");
                        }

                        (_part, _left) = (Part.Pass, 4L + preamble);
                        break;

                    case Part.MessageFraming:
                        // Both lengths and the packed flags at the start of the header.
                        if (buffer.Length < 12)
                        {
                            return dropped;
                        }

                        var headerLength = ReadInt32(buffer, 0);
                        var bodyLength = ReadInt32(buffer, 4);
                        if (headerLength < 4 || bodyLength < 0)
                        {
                            throw new InvalidDataException($"A message claims a header of {headerLength} bytes and a body of {bodyLength}.");
                        }

                        var direction = (ReadInt32(buffer, 8) >> 16) & 0xF;
                        var response = direction == ResponseDirection;
                        dropped += response ? 1 : 0;
                        (_part, _left) = (response ? Part.Drop : Part.Pass, 8L + headerLength + bodyLength);
                        break;

                    default:
                        if (buffer.Length == 0)
                        {
                            return dropped;
                        }

                        var take = buffer.Slice(0, Math.Min(_left, buffer.Length));
                        if (_part == Part.Pass)
                        {
                            foreach (var segment in take)
                            {
                                output.Write(segment.Span);
                            }
                        }

                        buffer = buffer.Slice(take.Length);
                        _left -= take.Length;
                        if (_left == 0)
                        {
                            _part = Part.MessageFraming;
                        }

                        break;
                }
            }
        }

        private static int ReadInt32(ReadOnlySequence<byte> buffer, int offset)
        {
            Span<byte> bytes = stackalloc byte[4];
            buffer.Slice(offset, 4).CopyTo(bytes);
            return BinaryPrimitives.ReadInt32LittleEndian(bytes);
        }
    }

    private sealed class GuardedTransport(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    [LoggerMessage(9001, LogLevel.Warning, "Dropped {Count} response(s) a client sent through the gateway (connection {ConnectionId}): clients of this service never answer calls.")]
    private static partial void ResponsesDropped(ILogger logger, int count, string connectionId);

    [LoggerMessage(9002, LogLevel.Warning, "Closed gateway connection {ConnectionId}: {Problem}")]
    private static partial void MalformedFrame(ILogger logger, string connectionId, string problem);
}
