using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansFailover.Contracts;
using OrleansFailover.Contracts.Grains;
using OrleansFailover.Grains.Security;
using Orleans.Dashboard;

namespace OrleansFailover.Silo;

/// <summary>
/// The operator's HTTP endpoints. <c>GET /status</c> is open (as the health endpoints), or needs a key with
/// <c>Security:ProtectStatus</c>; everything that changes state (<c>POST /admin/failover/force</c>,
/// <c>/admin/failover/return</c>, <c>/admin/sync/{collection}</c>) needs the full key as a header, and without it
/// answers 401 (403 for the read-only key) and changes nothing. See <see cref="HttpAccess"/>.
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
        var keys = app.Services.GetRequiredService<ApiKeys>();
        var security = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        IServiceControlGrain Control() => grains.GetGrain<IServiceControlGrain>(0);

        var status = app.MapGet("/status", async () => Results.Json(await grains.GetGrain<IServiceStatusGrain>(0).GetStatus(), Json));
        if (security.ProtectStatus)
        {
            status.AddEndpointFilter(async (context, next) =>
                HttpAccess.Check(context.HttpContext.Request, keys, HttpAccessNeed.Read) is { } refusal
                    ? WithBasicChallenge(context.HttpContext, refusal)
                    : await next(context));
        }

        var admin = app.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            HttpAccess.Check(context.HttpContext.Request, keys, HttpAccessNeed.Change) ?? await next(context));
        admin.MapPost("/failover/force", async (string? reason) =>
            Results.Json(await Control().ForceFailover(reason ?? "forced over HTTP"), Json));
        admin.MapPost("/failover/return", async (string? reason) =>
            Results.Json(await Control().ForceReturn(reason ?? "returned over HTTP"), Json));
        admin.MapPost("/sync/{collection}", async (string collection) =>
        {
            if (!CollectionNames.IsValid(collection))
            {
                return Results.BadRequest($"'{CollectionNames.Printable(collection)}' is not a valid collection name.");
            }

            return Results.Json(await Control().SyncNow(collection), Json);
        });
    }

    /// <summary>
    /// The Orleans Dashboard at <c>/dashboard</c>, behind the keys: browsers are asked for one with HTTP Basic (any user
    /// name, a key as the password), which lets them read (GET); anything else needs the full key as a header.
    /// </summary>
    public static void MapProtectedDashboard(this WebApplication app)
    {
        var keys = app.Services.GetRequiredService<ApiKeys>();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/dashboard"))
            {
                var need = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                    ? HttpAccessNeed.Read
                    : HttpAccessNeed.Change;
                if (HttpAccess.Check(context.Request, keys, need) is { } refusal)
                {
                    await (need == HttpAccessNeed.Read ? WithBasicChallenge(context, refusal) : refusal).ExecuteAsync(context);
                    return;
                }
            }

            await next(context);
        });
        app.MapOrleansDashboard("/dashboard");
    }

    private static IResult WithBasicChallenge(HttpContext context, IResult refusal)
    {
        context.Response.Headers.WWWAuthenticate = HttpAccess.BasicRealm;
        return refusal;
    }
}
