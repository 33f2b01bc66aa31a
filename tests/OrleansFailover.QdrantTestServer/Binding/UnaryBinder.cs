using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace OrleansFailover.QdrantTestServer.Binding;

/// <summary>Binds one unary gRPC method of a Qdrant service to a method of our service class.</summary>
public sealed class UnaryBinder<TService>(ServiceMethodProviderContext<TService> context, string serviceName)
    where TService : class
{
    public UnaryBinder<TService> Bind<TRequest, TResponse>(
        string methodName,
        MessageParser<TRequest> requestParser,
        MessageParser<TResponse> responseParser,
        Func<TService, TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary,
            serviceName,
            methodName,
            ProtobufMarshallers.For(requestParser),
            ProtobufMarshallers.For(responseParser));
        context.AddUnaryMethod(method, [], (service, request, callContext) => handler(service, request, callContext));
        return this;
    }

    /// <summary>Binds a method whose responses are sent already encoded (see <see cref="EncodedMessage"/>).</summary>
    public UnaryBinder<TService> BindEncoded<TRequest>(
        string methodName,
        MessageParser<TRequest> requestParser,
        Func<TService, TRequest, ServerCallContext, Task<EncodedMessage>> handler)
        where TRequest : class, IMessage<TRequest>
    {
        var method = new Method<TRequest, EncodedMessage>(
            MethodType.Unary, serviceName, methodName, ProtobufMarshallers.For(requestParser), EncodedMessage.Marshaller);
        context.AddUnaryMethod(method, [], (service, request, callContext) => handler(service, request, callContext));
        return this;
    }
}
