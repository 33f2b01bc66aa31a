using OrleansFailover.Grains.Security;

namespace OrleansFailover.Service.Tests.Units;

public sealed class ClusterCallSignatureTests
{
    private readonly ClusterCallSignature _cluster = ClusterCallSignature.From("cluster-key-0123456789abcdef");

    [Fact]
    public void A_signature_holds_for_its_call_only()
    {
        var signature = _cluster.Sign("collection/docs", "ICollectionLifecycle", "StartSyncBack");

        Assert.True(_cluster.Verify(signature, "collection/docs", "ICollectionLifecycle", "StartSyncBack"));
        Assert.False(_cluster.Verify(signature, "collection/other", "ICollectionLifecycle", "StartSyncBack"));
        Assert.False(_cluster.Verify(signature, "collection/docs", "IFailoverGrain", "StartSyncBack"));
        Assert.False(_cluster.Verify(signature, "collection/docs", "ICollectionLifecycle", "Return"));
    }

    [Fact]
    public void Another_key_a_made_up_value_or_none_does_not_verify()
    {
        var other = ClusterCallSignature.From("another-key-0123456789abcdef");
        var signature = other.Sign("collection/docs", "ICollectionLifecycle", "Return");

        Assert.False(_cluster.Verify(signature, "collection/docs", "ICollectionLifecycle", "Return"));
        Assert.False(_cluster.Verify(null, "collection/docs", "ICollectionLifecycle", "Return"));
        Assert.False(_cluster.Verify("", "collection/docs", "ICollectionLifecycle", "Return"));
        Assert.False(_cluster.Verify("not base64!", "collection/docs", "ICollectionLifecycle", "Return"));
        Assert.False(_cluster.Verify(Convert.ToBase64String(new byte[32]), "collection/docs", "ICollectionLifecycle", "Return"));
        Assert.False(_cluster.Verify(new string('A', 10_000), "collection/docs", "ICollectionLifecycle", "Return"));
    }

    [Fact]
    public void Silos_with_the_same_key_agree_and_a_lone_silo_without_one_makes_its_own()
    {
        var same = ClusterCallSignature.From("cluster-key-0123456789abcdef");
        var loneA = ClusterCallSignature.From(null);
        var loneB = ClusterCallSignature.From(null);

        Assert.True(same.Verify(_cluster.Sign("t", "i", "m"), "t", "i", "m"));
        Assert.True(loneA.Verify(loneA.Sign("t", "i", "m"), "t", "i", "m"));
        Assert.False(loneB.Verify(loneA.Sign("t", "i", "m"), "t", "i", "m"));
    }
}
