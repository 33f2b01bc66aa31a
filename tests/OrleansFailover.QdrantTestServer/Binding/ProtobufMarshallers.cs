using Google.Protobuf;
using Grpc.Core;

namespace OrleansFailover.QdrantTestServer.Binding;

/// <summary>Marshallers for the message types Qdrant.Client ships, written to and read from the pipe directly.</summary>
public static class ProtobufMarshallers
{
    public static Marshaller<T> For<T>(MessageParser<T> parser)
        where T : IMessage<T> =>
        Marshallers.Create<T>(
            (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
}
