using OrleansFailover.Client.Connection;

namespace OrleansFailover.Client.Tests;

/// <summary>The client never prints a secret it was given.</summary>
public sealed class SecretsTests
{
    private const string Password = "hunter2-very-secret-value";

    [Theory]
    [InlineData("redis:6379,password=" + Password, "redis:6379,password=***")]
    [InlineData("redis:6379,user=admin,Password = " + Password + ",ssl=true", "redis:6379,user=***,Password=***,ssl=true")]
    [InlineData("redis:6379", "redis:6379")]
    public void A_redis_connection_string_is_printed_without_its_password_and_user(string connection, string printed) =>
        Assert.Equal(printed, Redacted.Redis(connection));

    [Fact]
    public async Task A_redis_password_never_appears_in_what_the_client_prints_when_redis_is_out_of_reach()
    {
        var run = await ClientRun.InProcessAsync("status", "--redis", $"127.0.0.1:1,password={Password},connectTimeout=200");

        Assert.Equal(ExitCodes.SiloUnreachable, run.ExitCode);
        Assert.Contains("password=***", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_without_an_authority_to_check_the_silos_by_is_a_usage_error()
    {
        var run = await ClientRun.InProcessAsync("status", "--tls-certificate", "client.pfx");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--tls-ca", run.Error, StringComparison.Ordinal);
    }
}
