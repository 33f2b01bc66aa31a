using OrleansFailover.Contracts;

namespace OrleansFailover.VectorStores.Tests.Model;

public sealed class CollectionNamesTests
{
    [Theory]
    [InlineData("codeweaver-project-a1b2c3")]
    [InlineData("docs_v2")]
    [InlineData("façade-Ω")]
    [InlineData("a")]
    [InlineData("with.dot")]
    public void Plain_names_are_legal(string name) => Assert.Null(CollectionNames.FindProblem(name));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("..", "'..'")]
    [InlineData("a/../b", "'..'")]
    [InlineData("a/b", "'/'")]
    [InlineData("a\\b", "'\\'")]
    [InlineData(".hidden", "start with '.'")]
    [InlineData(" padded", "white space")]
    [InlineData("tab\there", "control characters")]
    [InlineData("nul\0", "control characters")]
    [InlineData("star*", "'*'")]
    public void Illegal_names_are_refused_with_the_reason(string name, string reason)
    {
        Assert.Contains(reason, CollectionNames.FindProblem(name), StringComparison.Ordinal);
    }

    [Fact]
    public void The_length_limit_counts_utf8_bytes_not_characters()
    {
        Assert.Null(CollectionNames.FindProblem(new string('é', 127)));
        Assert.Contains("255 bytes", CollectionNames.FindProblem(new string('é', 128)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        Assert.Contains("Unicode", CollectionNames.FindProblem("a\ud800b"), StringComparison.Ordinal);
    }
}
