using Orleans.Runtime;
using OrleansFailover.Contracts.Security;

namespace OrleansFailover.Grains.Security;

/// <summary>
/// Checks every call that reaches a grain or one of Orleans' system services before it runs: signed by a silo of the
/// cluster, it runs; otherwise it came through a gateway, and only a client interface may be called, with a key that
/// allows the method (when keys are configured), besides what every Orleans client needs (<see cref="CallSurface.Runtime"/>). A refusal throws <see cref="AccessDeniedException"/> to the caller, is logged, and changes nothing.
/// The key and the signature are taken out of the request context before the grain runs: they do not travel on.
/// </summary>
public sealed class CallAuthorizationFilter(ClusterCallSignature signature, ApiKeys keys, CallRefusals refusals) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var presentedSignature = RequestContext.Get(ClusterCallSignature.ContextEntry) as string;
        var presentedKey = RequestContext.Get(ApiKeyCallFilter.ContextEntry) as string;
        if (presentedSignature is not null)
        {
            RequestContext.Remove(ClusterCallSignature.ContextEntry);
        }

        if (presentedKey is not null)
        {
            RequestContext.Remove(ApiKeyCallFilter.ContextEntry);
        }

        // A client's call carries no signature: nothing to compute for it.
        var signed = presentedSignature is not null &&
                     signature.Verify(presentedSignature, context.TargetId.ToString(), context.InterfaceType.ToString(), context.MethodName);
        var surface = CallPolicy.Classify(context.InterfaceMethod);
        var decision = CallPolicy.Decide(surface, signed, keys.Identify(presentedKey), keys.Required);
        if (!decision.Allowed)
        {
            var call = $"{context.InterfaceMethod?.DeclaringType?.Name ?? context.InterfaceName}.{context.MethodName}";
            refusals.Refused(call, context.TargetId.ToString(), context.SourceId?.ToString() ?? "unknown", decision.Denial!.Value, decision.Reason!);
            throw new AccessDeniedException(decision.Denial.Value, $"{Describe(decision.Denial.Value)}: {call} was refused: {decision.Reason}.");
        }

        await context.Invoke();
    }

    private static string Describe(AccessDenial denial) => denial switch
    {
        AccessDenial.Unauthenticated => "unauthenticated",
        _ => "permission denied",
    };
}
