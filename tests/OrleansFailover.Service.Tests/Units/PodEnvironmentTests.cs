using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using OrleansFailover.Silo;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>Kubernetes' variables reach the silo's settings, and explicit settings still win over them.</summary>
public sealed class PodEnvironmentTests
{
    [Fact]
    public void The_pods_variables_map_onto_the_hosting_settings()
    {
        var values = PodEnvironment.Read(name => name switch
        {
            "POD_NAME" => "failover-7d9c-x2",
            "POD_IP" => "10.1.2.3",
            "ORLEANS_CLUSTER_ID" => "prod",
            "ORLEANS_SERVICE_ID" => "failover",
            "ORLEANS_REDIS" => "redis:6379",
            _ => null,
        });

        Assert.Equal("failover-7d9c-x2", values["Orleans:SiloName"]);
        Assert.Equal("10.1.2.3", values["Orleans:AdvertisedAddress"]);
        Assert.Equal("prod", values["Orleans:ClusterId"]);
        Assert.Equal("failover", values["Orleans:ServiceId"]);
        Assert.Equal("redis:6379", values["Orleans:RedisConnectionString"]);
    }

    [Fact]
    public void Pod_variables_override_appsettings_but_not_explicit_arguments()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--Orleans:ServiceId=from-arguments"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        PodEnvironment.AddBelowExplicitSettings(builder.Configuration, name => name switch
        {
            "ORLEANS_CLUSTER_ID" => "from-pod",
            "ORLEANS_SERVICE_ID" => "also-from-pod",
            _ => null,
        });
        var hosting = SiloConfiguration.ReadHosting(builder.Configuration);

        Assert.Equal("from-pod", hosting.ClusterId); // appsettings.json says orleans-failover-dev
        Assert.Equal("from-arguments", hosting.ServiceId);
    }

    [Fact]
    public void A_tls_certificate_file_that_is_not_a_certificate_is_refused_naming_the_setting()
    {
        using var folder = new OrleansFailover.Testing.TemporaryDirectory();
        var junk = folder.File("cluster.pfx");
        File.WriteAllText(junk, "not a certificate");

        var error = Assert.Throws<InvalidOperationException>(() => TlsConfiguration.Load(junk, password: null));
        var missing = Assert.Throws<InvalidOperationException>(() => TlsConfiguration.Load(folder.File("absent.pfx"), password: null));

        Assert.Contains("Tls:CertificatePath", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be loaded", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redis_mode_without_a_connection_string_is_refused_with_what_to_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SiloConfiguration.ParseRedis(null));

        Assert.Contains("ORLEANS_REDIS", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:00:30")]
    [InlineData("00:01:00")]
    public void A_drain_delay_that_is_negative_or_not_shorter_than_the_shutdown_timeout_is_refused(string drain)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:ShutdownTimeout"] = "00:00:30",
            ["Orleans:ShutdownDrainDelay"] = drain,
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => SiloConfiguration.ReadHosting(configuration));

        Assert.Contains("Orleans:ShutdownDrainDelay", error.Message, StringComparison.Ordinal);
        Assert.Contains("Orleans:ShutdownTimeout", error.Message, StringComparison.Ordinal);
    }
}
