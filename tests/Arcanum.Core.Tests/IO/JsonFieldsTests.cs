using System.Text.Json.Nodes;
using Arcanum.Core.IO;

namespace Arcanum.Core.Tests.IO;

public sealed class JsonFieldsTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""{"a": {"n": 3, "s": "x", "list": [1, null, "two"]}, "top": [1]}""")!;

    [Fact]
    public void Required_PresentMembers_AreRead()
    {
        Assert.Equal(3, Document.Required("a").Required<int>("n"));
        Assert.Equal("x", Document.Required("a").Required<string>("s"));
        Assert.Equal(3, Document.Required("a").RequiredArray("list").Count);
        Assert.Equal(1.0, Document.RequiredArray("top")[0].Value<double>());
        Assert.Equal([1.0], Document.RequiredArray("top").Values<double>());
    }

    [Theory]
    [InlineData("missing", "$.a.missing is missing")]
    [InlineData("s-as-int", "$.a.s is a string, not a whole number")]
    [InlineData("n-as-array", "$.a.n is a number, not an array")]
    [InlineData("member-of-array", "$.top is an array, not an object with 'x'")]
    [InlineData("null-element", "a number is null")]
    [InlineData("string-element", "$.a.list[2] is a string, not a number")]
    [InlineData("null-parent", "'k' is missing: the object that should hold it is null")]
    [InlineData("values-with-a-null", "$.a.list[1] is null, not a number")]
    public void Required_BadDocuments_NameThePathAtFault(string which, string expected)
    {
        Action read = which switch
        {
            "missing" => () => Document.Required("a").Required("missing"),
            "s-as-int" => () => Document.Required("a").Required<int>("s"),
            "n-as-array" => () => Document.Required("a").RequiredArray("n"),
            "member-of-array" => () => Document.Required("top").Required("x"),
            "null-element" => () => Document.Required("a").RequiredArray("list")[1].Value<double>(),
            "string-element" => () => Document.Required("a").RequiredArray("list")[2].Value<double>(),
            "values-with-a-null" => () => Document.Required("a").RequiredArray("list").Values<double>(),
            _ => () => ((JsonNode?)null).Required("k"),
        };

        Assert.Equal(expected, Assert.Throws<InvalidDataException>(read).Message);
    }
}
