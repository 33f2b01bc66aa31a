using System.Buffers;
using Grpc.Core;

namespace OrleansFailover.QdrantTestServer.Binding;

/// <summary>
/// A response already in protobuf wire form, in a pooled buffer. Lets the server send a message it assembled
/// from cached, pre-encoded parts without building and serializing the message objects again.
/// </summary>
public sealed class EncodedMessage(byte[] pooledBuffer, int length)
{
    public static readonly Marshaller<EncodedMessage> Marshaller = Marshallers.Create<EncodedMessage>(
        (message, context) =>
        {
            context.SetPayloadLength(message._length);
            var writer = context.GetBufferWriter();
            message._buffer.AsSpan(0, message._length).CopyTo(writer.GetSpan(message._length));
            writer.Advance(message._length);
            context.Complete();
            ArrayPool<byte>.Shared.Return(message._buffer);
        },
        _ => throw new NotSupportedException("Encoded messages are only ever sent."));

    private readonly byte[] _buffer = pooledBuffer;
    private readonly int _length = length;
}
