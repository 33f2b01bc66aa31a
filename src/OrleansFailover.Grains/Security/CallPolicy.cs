using System.Collections.Concurrent;
using System.Reflection;
using OrleansFailover.Contracts.Security;

namespace OrleansFailover.Grains.Security;

/// <summary>What a grain method is, for the gateway's purposes.</summary>
public enum CallSurface
{
    /// <summary>Coordination between silos: only a call signed by a silo of the cluster may run it.</summary>
    Internal,

    /// <summary>A client method that only reads (<see cref="ReadOnlyAccessAttribute"/>).</summary>
    ClientRead,

    /// <summary>A client method that changes state.</summary>
    ClientWrite,

    /// <summary>
    /// What needs no signature from anyone: a grain's timer tick (Orleans builds that message itself, and only for
    /// the grain's own timers), and the cluster manifest, which every Orleans client asks its gateway for.
    /// </summary>
    Runtime,
}

/// <summary>The verdict on one call.</summary>
public sealed record CallDecision(AccessDenial? Denial, string? Reason)
{
    public static readonly CallDecision Allow = new(null, null);

    public bool Allowed => Denial is null;

    public static CallDecision Refuse(AccessDenial denial, string reason) => new(denial, reason);
}

/// <summary>
/// Who may call what, as a pure function of the call: a call signed by a silo of the cluster may call anything;
/// otherwise it came from a client (or says it did), which may call only client interfaces, with a key that allows
/// the method when keys are configured.
/// </summary>
public static class CallPolicy
{
    private static readonly ConcurrentDictionary<MethodInfo, CallSurface> Surfaces = new();

    /// <summary>
    /// The interfaces a call may use without a silo's signature: the timer tick (its message is built by the runtime,
    /// past every outgoing filter) and the manifest clients read from their gateway. Everything else of Orleans' own,
    /// its system services included (membership, directory, catalog, reminders, silo control), is coordination between
    /// silos like the service's own internal grains: a client's call to it is refused.
    /// </summary>
    private static readonly HashSet<string> RuntimeInterfaces = new(StringComparer.Ordinal)
    {
        "Orleans.Runtime.IGrainTimerInvoker",
        "Orleans.Runtime.IClusterManifestSystemTarget",
    };

    public static CallDecision Decide(CallSurface surface, bool signedByCluster, KeyRole key, bool keysRequired)
    {
        if (signedByCluster || surface == CallSurface.Runtime)
        {
            return CallDecision.Allow;
        }

        if (surface == CallSurface.Internal)
        {
            return CallDecision.Refuse(AccessDenial.PermissionDenied, "it is coordination between silos, which clients cannot call, whatever key they carry");
        }

        if (!keysRequired)
        {
            return CallDecision.Allow;
        }

        return key switch
        {
            KeyRole.Missing => CallDecision.Refuse(AccessDenial.Unauthenticated, "no API key was sent and this service requires one"),
            KeyRole.Wrong => CallDecision.Refuse(AccessDenial.Unauthenticated, "the API key sent is not one of this service's keys"),
            KeyRole.ReadOnly when surface == CallSurface.ClientWrite =>
                CallDecision.Refuse(AccessDenial.PermissionDenied, "it changes state and the read-only key only reads"),
            _ => CallDecision.Allow,
        };
    }

    /// <summary>What <paramref name="method"/>, an interface's method, is; without one, the call is internal.</summary>
    public static CallSurface Classify(MethodInfo? method) =>
        method?.DeclaringType is null ? CallSurface.Internal : Surfaces.GetOrAdd(method, ClassifyOnce);

    /// <summary>Reflection, once per method: every call after the first is a dictionary lookup.</summary>
    private static CallSurface ClassifyOnce(MethodInfo method)
    {
        var interfaceType = method.DeclaringType!;
        if (RuntimeInterfaces.Contains(interfaceType.FullName ?? string.Empty))
        {
            return CallSurface.Runtime;
        }

        if (!interfaceType.IsDefined(typeof(ClientApiAttribute), inherit: false))
        {
            return CallSurface.Internal;
        }

        return method.IsDefined(typeof(ReadOnlyAccessAttribute), inherit: false) ? CallSurface.ClientRead : CallSurface.ClientWrite;
    }
}
