using System.Buffers.Binary;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansFailover.Grains.Security;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>What a client sends through the gateway reaches Orleans without its responses, whatever way the bytes arrive.</summary>
public sealed class GatewayResponseGuardTests
{
    private static readonly byte[] Preamble = [3, 0, 0, 0, (byte)'a', (byte)'b', (byte)'c'];

    /// <summary>An Orleans message frame: lengths, then a header that starts with the packed flags.</summary>
    private static byte[] Frame(int direction, int bodyBytes, byte fill)
    {
        var frame = new byte[8 + 8 + bodyBytes];
        BinaryPrimitives.WriteInt32LittleEndian(frame, 8);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), bodyBytes);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), (direction << 16) | 0x0101);
        frame.AsSpan(12).Fill(fill);
        return frame;
    }

    private static async Task<(byte[] Passed, Exception? Error)> PumpAsync(byte[] sent, int chunk)
    {
        var fromClient = new Pipe();
        var toOrleans = new Pipe();
        var guard = new GatewayResponseGuard(NullLogger<GatewayResponseGuard>.Instance);
        var pump = guard.PumpAsync(fromClient.Reader, toOrleans.Writer, "test", CancellationToken.None);
        for (var offset = 0; offset < sent.Length; offset += chunk)
        {
            await fromClient.Writer.WriteAsync(sent.AsMemory(offset, Math.Min(chunk, sent.Length - offset)), TestContext.Current.CancellationToken);
        }

        await fromClient.Writer.CompleteAsync();
        await pump;
        var passed = new MemoryStream();
        try
        {
            await toOrleans.Reader.CopyToAsync(passed, TestContext.Current.CancellationToken);
            return (passed.ToArray(), null);
        }
        catch (InvalidDataException error)
        {
            return (passed.ToArray(), error);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(4096)]
    public async Task Requests_and_one_way_messages_pass_untouched_and_responses_are_left_out(int chunk)
    {
        var request = Frame(direction: 1, bodyBytes: 300, fill: 0x11);
        var response = Frame(direction: 2, bodyBytes: 40, fill: 0x22);
        var oneWay = Frame(direction: 3, bodyBytes: 0, fill: 0);
        var later = Frame(direction: 1, bodyBytes: 7, fill: 0x33);

        var (passed, error) = await PumpAsync([.. Preamble, .. request, .. response, .. oneWay, .. response, .. later], chunk);

        Assert.Null(error);
        Assert.Equal([.. Preamble, .. request, .. oneWay, .. later], passed);
    }

    [Fact]
    public async Task A_frame_that_does_not_parse_ends_the_connection()
    {
        var bad = Frame(direction: 1, bodyBytes: 0, fill: 0);
        BinaryPrimitives.WriteInt32LittleEndian(bad, 2); // a header too short to hold the flags

        var (passed, error) = await PumpAsync([.. Preamble, .. bad, .. Frame(direction: 1, bodyBytes: 3, fill: 1)], chunk: 64);

        Assert.IsType<InvalidDataException>(error);
        Assert.True(passed.Length <= Preamble.Length, "nothing after the bad frame reaches Orleans");
    }
}
