using OrleansFailover.Contracts.Security;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>Who a TLS peer is: by the authority and the silo name, or by pinned thumbprints.</summary>
public sealed class PeerCertificatesTests
{
    private static readonly TestCertificates Certificates = TestCertificates.Create();

    [Fact]
    public void By_the_authority_a_silo_certificate_is_a_silo_and_a_client_a_client_only()
    {
        var peers = PeerCertificates.IssuedBy(Certificates.Authority);

        Assert.True(peers.IsSilo(Certificates.Silo));
        Assert.True(peers.IsClient(Certificates.Silo));
        Assert.False(peers.IsSilo(Certificates.Client));
        Assert.True(peers.IsClient(Certificates.Client));
        Assert.False(peers.IsSilo(Certificates.Stranger));
        Assert.False(peers.IsClient(Certificates.Stranger));
        Assert.False(peers.IsClient(null));
        Assert.False(peers.IsSilo(Certificates.Authority));
        Assert.False(peers.IsClient(Certificates.Authority));
        Assert.All(Certificates.Lookalikes, lookalike => Assert.False(peers.IsSilo(lookalike)));
    }

    [Fact]
    public void Another_silo_name_makes_the_default_silo_certificate_a_client_one()
    {
        var peers = PeerCertificates.IssuedBy(Certificates.Authority, "silos.example");

        Assert.False(peers.IsSilo(Certificates.Silo));
        Assert.True(peers.IsClient(Certificates.Silo));
    }

    [Fact]
    public void Pinned_thumbprints_decide_alone()
    {
        var peers = PeerCertificates.Pinned([Certificates.Silo.Thumbprint.ToLowerInvariant()], [Certificates.Stranger.Thumbprint]);

        Assert.True(peers.IsSilo(Certificates.Silo));
        Assert.False(peers.IsSilo(Certificates.Client));
        Assert.False(peers.IsClient(Certificates.Client));
        Assert.True(peers.IsClient(Certificates.Stranger));
        Assert.False(peers.IsSilo(Certificates.Stranger));
    }
}
