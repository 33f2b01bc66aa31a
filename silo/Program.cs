using Microsoft.Extensions.Hosting;
using OrleansFailover.Silo;

// dotnet run --project silo: one silo on localhost (gateway 30000), Qdrant at localhost:6334, backups under ./data/backups.
// Every setting can be overridden by environment variables (Backup__SyncInterval=00:01:00) or arguments (--Backup:SyncInterval 00:01:00).
// appsettings.json comes from the program's folder; relative data folders are relative to the working directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseOrleans(silo => SiloConfiguration.ConfigureEmbedded(silo, builder.Configuration));

try
{
    await builder.Build().RunAsync();
    return 0;
}
catch (Microsoft.Extensions.Options.OptionsValidationException error)
{
    await Console.Error.WriteLineAsync($"Configuration is not valid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", error.Failures)}");
    return 2;
}
catch (InvalidOperationException error)
{
    await Console.Error.WriteLineAsync($"The silo could not start: {error.Message}");
    return 1;
}
