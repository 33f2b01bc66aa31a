using Grpc.Core;
using Grpc.Core.Interceptors;

namespace OrleansFailover.QdrantTestServer.Faults;

/// <summary>Applies the <see cref="FaultInjector"/>'s faults to every call before it reaches a service.</summary>
public sealed class FaultInjectionInterceptor(FaultInjector faults) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await faults.BeforeCallAsync(context.Method, request, context.CancellationToken);
        return await continuation(request, context);
    }
}
