using System.Text;
using Microsoft.AspNetCore.Http;
using OrleansFailover.Grains.Security;

namespace OrleansFailover.Silo;

/// <summary>What an HTTP request needs to be let in.</summary>
public enum HttpAccessNeed
{
    /// <summary>Reading (<c>GET /status</c> when protected, the dashboard's GETs): any of the keys, HTTP Basic allowed.</summary>
    Read,

    /// <summary>
    /// Changing state (<c>POST /admin/*</c>, the dashboard's other requests): the full key as <c>X-Api-Key</c> or a bearer
    /// token. Never HTTP Basic: a browser sends a remembered Basic login with any request to the site, cross-site posts
    /// included, while it never adds a header on its own.
    /// </summary>
    Change,
}

/// <summary>The key an HTTP request presents, and the verdict on it; the rules of both kinds of access in one place.</summary>
public static class HttpAccess
{
    public const string BasicRealm = "Basic realm=\"OrleansFailover\"";

    /// <summary>Null when the request may go on; otherwise the answer that refuses it.</summary>
    public static IResult? Check(HttpRequest request, ApiKeys keys, HttpAccessNeed need)
    {
        if (!keys.Required)
        {
            return need == HttpAccessNeed.Change
                ? Refuse(StatusCodes.Status401Unauthorized, "State changes over HTTP are disabled: no Security:ApiKey is configured.")
                : Refuse(StatusCodes.Status401Unauthorized, "No Security:ApiKey is configured, so nothing here can be unlocked.");
        }

        var (presented, basic) = Presented(request);
        if (basic && need == HttpAccessNeed.Change)
        {
            return Refuse(StatusCodes.Status401Unauthorized,
                "HTTP Basic is accepted only for the dashboard's GET requests: send the key as X-Api-Key: KEY or Authorization: Bearer KEY.");
        }

        return keys.Identify(presented) switch
        {
            KeyRole.Missing => Refuse(StatusCodes.Status401Unauthorized, "An API key is required: send X-Api-Key: KEY or Authorization: Bearer KEY."),
            KeyRole.Wrong => Refuse(StatusCodes.Status401Unauthorized, "The API key is not one of this service's keys."),
            KeyRole.ReadOnly when need == HttpAccessNeed.Change =>
                Refuse(StatusCodes.Status403Forbidden, "The read-only key cannot change state: use Security:ApiKey."),
            _ => null,
        };
    }

    /// <summary>The key from <c>X-Api-Key</c>, a bearer token or HTTP Basic's password (any user name), and whether it came by Basic.</summary>
    private static (string? Key, bool Basic) Presented(HttpRequest request)
    {
        if (request.Headers["X-Api-Key"].FirstOrDefault() is { } header)
        {
            return (header, false);
        }

        var authorization = request.Headers.Authorization.FirstOrDefault();
        if (authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true)
        {
            return (authorization["Bearer ".Length..].Trim(), false);
        }

        if (authorization?.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) == true)
        {
            return (BasicPassword(authorization["Basic ".Length..].Trim()), true);
        }

        return (null, false);
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

    private static IResult Refuse(int status, string message) => Results.Text(message, statusCode: status);
}
