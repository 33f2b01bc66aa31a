namespace OrleansFailover.Service.Tests.Infrastructure;

/// <summary>Silo-process clusters for tests: skipped, saying why, when no Redis can be had.</summary>
public static class ProcessClusters
{
    public static async Task<SiloProcessCluster> StartForTestAsync(
        int silos, bool privateRedis = false, TestCertificates? tls = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        Assert.SkipUnless(RedisServer.Available, RedisServer.NotInstalled);
        Assert.SkipWhen(privateRedis && RedisServer.Executable is null, RedisServer.NotInstalled);
        return await SiloProcessCluster.StartAsync(silos, privateRedis, tls, settings);
    }
}
