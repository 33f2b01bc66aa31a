using OrleansFailover.Contracts.Grains;
using OrleansFailover.Contracts.Security;
using OrleansFailover.Grains.Security;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>Who may call what: every (surface, signature, key, keys configured) combination.</summary>
public sealed class CallPolicyTests
{
    public static TheoryData<CallSurface, bool, KeyRole, bool, AccessDenial?> Table()
    {
        var table = new TheoryData<CallSurface, bool, KeyRole, bool, AccessDenial?>();
        foreach (var surface in Enum.GetValues<CallSurface>())
        {
            foreach (var signed in new[] { false, true })
            {
                foreach (var key in Enum.GetValues<KeyRole>())
                {
                    foreach (var required in new[] { false, true })
                    {
                        table.Add(surface, signed, key, required, Expected(surface, signed, key, required));
                    }
                }
            }
        }

        return table;
    }

    /// <summary>The rules, as the README states them.</summary>
    private static AccessDenial? Expected(CallSurface surface, bool signed, KeyRole key, bool required) =>
        signed || surface == CallSurface.Runtime ? null
        : surface == CallSurface.Internal ? AccessDenial.PermissionDenied
        : !required ? null
        : key is KeyRole.Missing or KeyRole.Wrong ? AccessDenial.Unauthenticated
        : key == KeyRole.ReadOnly && surface == CallSurface.ClientWrite ? AccessDenial.PermissionDenied
        : null;

    [Theory]
    [MemberData(nameof(Table))]
    public void Every_combination_is_decided_by_the_rules(CallSurface surface, bool signed, KeyRole key, bool required, AccessDenial? expected)
    {
        var decision = CallPolicy.Decide(surface, signed, key, required);

        Assert.Equal(expected, decision.Denial);
        Assert.Equal(expected is null, decision.Allowed);
        Assert.Equal(expected is null, decision.Reason is null);
    }

    [Fact]
    public void The_internal_interfaces_are_internal_and_the_client_ones_split_into_reads_and_changes()
    {
        static CallSurface Of<T>(string method) => CallPolicy.Classify(typeof(T).GetMethods().First(m => m.Name == method));

        Assert.Equal(CallSurface.Internal, Of<IFailoverGrain>(nameof(IFailoverGrain.ForceFailover)));
        Assert.Equal(CallSurface.Internal, Of<IFailoverGrain>(nameof(IFailoverGrain.GetStatus)));
        Assert.Equal(CallSurface.Internal, Of<ICollectionBackupGrain>(nameof(ICollectionBackupGrain.Search)));
        Assert.Equal(CallSurface.Internal, Of<ICollectionLifecycle>(nameof(ICollectionLifecycle.StartSyncBack)));
        Assert.Equal(CallSurface.Internal, Of<IRemindable>(nameof(IRemindable.ReceiveReminder)));
        Assert.Equal(CallSurface.ClientRead, Of<IVectorRouterGrain>(nameof(IVectorRouterGrain.Search)));
        Assert.Equal(CallSurface.ClientWrite, Of<IVectorRouterGrain>(nameof(IVectorRouterGrain.Upsert)));
        Assert.Equal(CallSurface.ClientWrite, Of<IVectorRouterGrain>(nameof(IVectorRouterGrain.EnsureCollection)));
        Assert.Equal(CallSurface.ClientRead, Of<IServiceStatusGrain>(nameof(IServiceStatusGrain.GetStatus)));
        Assert.Equal(CallSurface.ClientRead, Of<IServiceControlGrain>(nameof(IServiceControlGrain.GetMode)));
        Assert.Equal(CallSurface.ClientWrite, Of<IServiceControlGrain>(nameof(IServiceControlGrain.ForceReturn)));
        Assert.Equal(CallSurface.Internal, Of<IManagementGrain>(nameof(IManagementGrain.ForceGarbageCollection)));
        Assert.Equal(CallSurface.Internal, CallPolicy.Classify(null));
        Assert.Equal(CallSurface.Runtime, CallPolicy.Classify(OrleansInternal("Orleans.Runtime.IGrainTimerInvoker")));
        Assert.Equal(CallSurface.Runtime, CallPolicy.Classify(OrleansInternal("Orleans.Runtime.IClusterManifestSystemTarget")));
        Assert.Equal(CallSurface.Internal, CallPolicy.Classify(OrleansInternal("Orleans.Runtime.IMembershipService")));
        Assert.Equal(CallSurface.Internal, CallPolicy.Classify(OrleansInternal("Orleans.Runtime.IGrainCallCancellationExtension")));
    }

    [Fact]
    public void Every_method_of_a_client_interface_says_whether_it_only_reads()
    {
        // A method that reads must be marked; one that is not is treated as a change (fail-safe). This lists what
        // the read-only key can do, so that adding a method is a conscious choice.
        var reads = new[] { typeof(IVectorRouterGrain), typeof(IServiceStatusGrain), typeof(IServiceControlGrain) }
            .SelectMany(type => type.GetMethods().Select(method => (type, method)))
            .Where(each => CallPolicy.Classify(each.method) == CallSurface.ClientRead)
            .Select(each => $"{each.type.Name}.{each.method.Name}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "IServiceControlGrain.GetMode",
                "IServiceStatusGrain.GetCollections", "IServiceStatusGrain.GetJournal", "IServiceStatusGrain.GetStatus",
                "IServiceStatusGrain.Subscribe", "IServiceStatusGrain.Unsubscribe",
                "IVectorRouterGrain.CollectionExists", "IVectorRouterGrain.Count", "IVectorRouterGrain.Get",
                "IVectorRouterGrain.GetCollection", "IVectorRouterGrain.ListCollections", "IVectorRouterGrain.Scroll",
                "IVectorRouterGrain.Search",
            ],
            reads);
    }

    /// <summary>A method of one of Orleans' internal interfaces, found by the interface's name.</summary>
    private static System.Reflection.MethodInfo OrleansInternal(string interfaceName)
    {
        var type = new[] { typeof(IGrainFactory).Assembly, typeof(IManagementGrain).Assembly, typeof(Orleans.Runtime.SystemTarget).Assembly }
            .Select(assembly => assembly.GetType(interfaceName))
            .FirstOrDefault(found => found is not null) ?? throw new InvalidOperationException($"{interfaceName} is not in Orleans.");
        return type.GetMethods().First();
    }
}
