using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OrleansFailover.Grains.Security;
using OrleansFailover.Silo;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>A silo reachable beyond this machine with nothing to keep callers out says so at start-up.</summary>
public sealed class StartupWarningsTests
{
    [Theory]
    [InlineData("Embedded", false, null, null, new int[0])]
    [InlineData("Embedded", true, null, null, new[] { 5100, 5101 })]
    [InlineData("Redis", false, null, null, new[] { 5100, 5101 })]
    [InlineData("Redis", false, "full-key-0123456789abcdef", null, new[] { 5101 })]
    [InlineData("Redis", false, "full-key-0123456789abcdef", "silo.pfx", new int[0])]
    public void Warnings_name_what_is_missing(string mode, bool anyAddress, string? key, string? certificate, int[] expected)
    {
        var logger = new RecordingLogger();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tls:CertificatePath"] = certificate,
        }).Build();

        StartupWarnings.Log(
            logger, configuration, new SiloHostingOptions { Mode = mode }, new HttpOptions { ListenOnAnyAddress = anyAddress },
            new SecurityOptions { ApiKey = key });

        Assert.Equal(expected, logger.Events);
        Assert.All(logger.Levels, level => Assert.Equal(LogLevel.Warning, level));
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<int> Events { get; } = [];

        public List<LogLevel> Levels { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Events.Add(eventId.Id);
            Levels.Add(logLevel);
        }
    }
}
