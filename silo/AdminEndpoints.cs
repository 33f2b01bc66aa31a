using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using Orleans.Dashboard;

namespace OrleansFailover.Silo;

/// <summary>Configuration section "Security": who may change the service's state over HTTP.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>The key callers send as <c>X-Api-Key: KEY</c> or <c>Authorization: Bearer KEY</c>. None set: every state change over HTTP is refused.</summary>
    public string? ApiKey { get; set; }
}

/// <summary>
/// The operator's HTTP endpoints. Reading is open (<c>GET /status</c>, as the health endpoints); everything that
/// changes state (<c>POST /admin/failover/force</c>, <c>/admin/failover/return</c>, <c>/admin/sync/{collection}</c>)
/// needs the API key, and without it answers 401 and changes nothing.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>snake_case and enum names, as <c>client status --json</c> prints them.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void MapAdmin(this WebApplication app)
    {
        var key = app.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>()?.ApiKey;
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        IFailoverGrain Failover() => grains.GetGrain<IFailoverGrain>(IFailoverGrain.SingletonKey);

        app.MapGet("/status", async () => Results.Json(await grains.GetGrain<IServiceStatusGrain>(0).GetStatus(), Json));

        var admin = app.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            Authorized(context.HttpContext.Request, key) ? await next(context) : Unauthorized(key));
        admin.MapPost("/failover/force", async (string? reason) =>
            Results.Json(await Failover().ForceFailover(reason ?? "forced over HTTP"), Json));
        admin.MapPost("/failover/return", async (string? reason) =>
            Results.Json(await Failover().ForceReturn(reason ?? "returned over HTTP"), Json));
        admin.MapPost("/sync/{collection}", async (string collection) =>
        {
            if (!CollectionNames.IsValid(collection))
            {
                return Results.BadRequest($"'{CollectionNames.Printable(collection)}' is not a valid collection name.");
            }

            return Results.Json(await grains.GetGrain<ICollectionBackupGrain>(collection).SyncNow(), Json);
        });
    }

    /// <summary>
    /// The Orleans Dashboard at <c>/dashboard</c>, behind the same key. Browsers are asked for it with HTTP Basic
    /// authentication (any user name, the key as the password).
    /// </summary>
    public static void MapProtectedDashboard(this WebApplication app)
    {
        var key = app.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>()?.ApiKey;
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/dashboard") && !Authorized(context.Request, key))
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"OrleansFailover\"";
                await Unauthorized(key).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        app.MapOrleansDashboard("/dashboard");
    }

    private static bool Authorized(HttpRequest request, string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var presented = request.Headers["X-Api-Key"].FirstOrDefault();
        var authorization = request.Headers.Authorization.FirstOrDefault();
        if (presented is null && authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true)
        {
            presented = authorization["Bearer ".Length..].Trim();
        }
        else if (presented is null && authorization?.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) == true)
        {
            presented = BasicPassword(authorization["Basic ".Length..].Trim());
        }

        return presented is not null &&
               CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key));
    }

    private static string? BasicPassword(string encoded)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IResult Unauthorized(string? key) => Results.Text(
        string.IsNullOrEmpty(key)
            ? "State changes over HTTP are disabled: no Security:ApiKey is configured."
            : "An API key is required: send X-Api-Key: KEY or Authorization: Bearer KEY.",
        statusCode: StatusCodes.Status401Unauthorized);
}
