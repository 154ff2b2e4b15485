using Arcanum.Data.Partitioning;
using Arcanum.Data.Tests.Support;

namespace Arcanum.Data.Tests.Partitioning;

public sealed class SplitSpecTests
{
    [Theory]
    [InlineData("iid", SplitKind.Iid, 0)]
    [InlineData(" Dirichlet:0.5 ", SplitKind.Dirichlet, 0.5)]
    [InlineData("quantity:2", SplitKind.Quantity, 2)]
    public void Parse_ValidText_GivesSpec(string text, SplitKind kind, double parameter)
    {
        // When
        var spec = SplitSpec.Parse(text);

        // Then
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(parameter, spec.Parameter);
        Assert.Equal(spec, SplitSpec.Parse(spec.ToString()));
    }

    [Fact]
    public void Parse_Column_KeepsName()
    {
        // When
        var spec = SplitSpec.Parse("column:unit");

        // Then
        Assert.Equal(new SplitSpec(SplitKind.Column, Column: "unit"), spec);
        Assert.Equal("column:unit", spec.ToString());
    }

    [Theory]
    [InlineData("random", "Unknown split")]
    [InlineData("dirichlet", "needs its alpha")]
    [InlineData("dirichlet:-1", "positive number")]
    [InlineData("quantity:abc", "positive number")]
    [InlineData("iid:3", "no parameter")]
    [InlineData("column:", "name the column")]
    public void Parse_InvalidText_ExplainsWhy(string text, string expected)
    {
        // When
        var error = Assert.Throws<FormatException>(() => SplitSpec.Parse(text));

        // Then
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Apply_Column_UsesTable()
    {
        // Given
        var table = Some.Table("unit,y\n1,0\n2,1\n1,1\n");

        // When
        var p = SplitSpec.Parse("column:unit").Apply([0, 1, 1], 2, sites: 0, seed: 0, table: table);

        // Then
        Assert.Equal(["unit=1", "unit=2"], p.SiteNames);
    }
}
