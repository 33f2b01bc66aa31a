using System.Text;
using Microsoft.AspNetCore.Http;
using OrleansFailover.Grains.Security;
using OrleansFailover.Silo;

namespace OrleansFailover.Service.Tests.Units;

/// <summary>What an HTTP request needs: any key to read (HTTP Basic too), the full key as a header to change state.</summary>
public sealed class HttpAccessTests
{
    private const string Full = "full-key-0123456789abcdef";
    private const string ReadOnly = "read-key-0123456789abcdef";
    private static readonly ApiKeys Keys = new(Full, ReadOnly);

    private static HttpRequest Request(string? header = null, string? bearer = null, string? basicPassword = null)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers["X-Api-Key"] = header;
        }

        if (bearer is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + bearer;
        }

        if (basicPassword is not null)
        {
            context.Request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:" + basicPassword));
        }

        return context.Request;
    }

    private static int? Status(HttpRequest request, HttpAccessNeed need, ApiKeys? keys = null) =>
        (HttpAccess.Check(request, keys ?? Keys, need) as IStatusCodeHttpResult)?.StatusCode;

    [Fact]
    public void Changing_state_takes_the_full_key_as_a_header_or_bearer_token_and_never_by_basic()
    {
        Assert.Null(Status(Request(header: Full), HttpAccessNeed.Change));
        Assert.Null(Status(Request(bearer: Full), HttpAccessNeed.Change));
        Assert.Equal(401, Status(Request(basicPassword: Full), HttpAccessNeed.Change));
        Assert.Equal(403, Status(Request(header: ReadOnly), HttpAccessNeed.Change));
        Assert.Equal(401, Status(Request(header: "wrong-key-0123456789"), HttpAccessNeed.Change));
        Assert.Equal(401, Status(Request(), HttpAccessNeed.Change));
    }

    [Fact]
    public void Reading_takes_either_key_by_any_means()
    {
        Assert.Null(Status(Request(basicPassword: Full), HttpAccessNeed.Read));
        Assert.Null(Status(Request(basicPassword: ReadOnly), HttpAccessNeed.Read));
        Assert.Null(Status(Request(header: ReadOnly), HttpAccessNeed.Read));
        Assert.Equal(401, Status(Request(basicPassword: "wrong-key-0123456789"), HttpAccessNeed.Read));
        Assert.Equal(401, Status(Request(), HttpAccessNeed.Read));
    }

    [Fact]
    public void Without_a_configured_key_nothing_is_unlocked()
    {
        var none = new ApiKeys(null, null);

        Assert.Equal(401, Status(Request(header: Full), HttpAccessNeed.Change, none));
        Assert.Equal(401, Status(Request(basicPassword: Full), HttpAccessNeed.Read, none));
    }
}
