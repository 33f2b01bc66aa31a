using OrleansFailover.Grains.Security;

namespace OrleansFailover.Service.Tests.Units;

public sealed class ApiKeysTests
{
    private const string Full = "full-key-0123456789abcdef";
    private const string ReadOnly = "read-key-0123456789abcdef";

    [Theory]
    [InlineData(null, KeyRole.Missing)]
    [InlineData("", KeyRole.Missing)]
    [InlineData(Full, KeyRole.Full)]
    [InlineData(ReadOnly, KeyRole.ReadOnly)]
    [InlineData("full-key-0123456789abcdeF", KeyRole.Wrong)]
    [InlineData("full-key-0123456789abcde", KeyRole.Wrong)]
    [InlineData(Full + " ", KeyRole.Wrong)]
    public void A_presented_key_is_the_full_key_the_read_only_key_or_wrong(string? presented, KeyRole expected) =>
        Assert.Equal(expected, new ApiKeys(Full, ReadOnly).Identify(presented));

    [Fact]
    public void Without_keys_none_is_required_and_any_presented_key_is_wrong()
    {
        var keys = new ApiKeys(null, "");

        Assert.False(keys.Required);
        Assert.Equal(KeyRole.Wrong, keys.Identify(Full));
        Assert.True(new ApiKeys(Full, null).Required);
    }
}
