using Orleans.Runtime;

namespace OrleansFailover.Grains.Security;

/// <summary>
/// Signs every call a silo makes to a grain or a system service (from grains, system services, start-up tasks, the HTTP
/// endpoints), so that the receiving silo knows it comes from inside the cluster. Calls to clients (observers) carry
/// no signature.
/// </summary>
public sealed class ClusterCallSigningFilter(ClusterCallSignature signature) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        // Inside this async method: the entry belongs to this call only, not to the caller's later calls.
        if (context.TargetId.IsClient())
        {
            RequestContext.Remove(ClusterCallSignature.ContextEntry);
        }
        else
        {
            RequestContext.Set(
                ClusterCallSignature.ContextEntry,
                signature.Sign(context.TargetId.ToString(), context.InterfaceType.ToString(), context.MethodName));
        }

        await context.Invoke();
    }
}
