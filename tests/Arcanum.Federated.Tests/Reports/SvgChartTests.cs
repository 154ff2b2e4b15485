using System.Text.RegularExpressions;
using Arcanum.Federated.Reports;

namespace Arcanum.Federated.Tests.Reports;

public sealed partial class SvgChartTests
{
    [Fact]
    public void Lines_MissingValue_BreaksTheLineInsteadOfBridgingIt()
    {
        // When
        var svg = SvgChart.Lines("t", "y", [("site", [0.5, 0.6, double.NaN, 0.8, 0.7])], new HashSet<string>());

        // Then
        Assert.Equal(2, Polyline().Count(svg));
    }

    [Fact]
    public void Lines_LoneValueBetweenGaps_IsDrawnAsADot()
    {
        // When
        var svg = SvgChart.Lines("t", "y", [("site", [0.5, double.NaN, 0.6, double.NaN])], new HashSet<string>());

        // Then
        Assert.Equal(2, Polyline().Count(svg));
        Assert.Equal(2, Regex.Count(svg, "<circle"));
    }

    [Fact]
    public void Lines_OnlyFirstRoundReported_IsADot()
    {
        // When
        var svg = SvgChart.Lines("t", "y", [("site", [0.5, double.NaN])], new HashSet<string>());

        // Then
        Assert.Equal(1, Regex.Count(svg, "<circle"));
    }

    [Fact]
    public void Lines_NoMissingValues_IsOneLine()
    {
        // When
        var svg = SvgChart.Lines("t", "y", [("site", [0.5, 0.6, 0.7])], new HashSet<string>());

        // Then
        Assert.Equal(1, Polyline().Count(svg));
        Assert.DoesNotContain("<circle", svg);
    }

    [GeneratedRegex("<polyline")]
    private static partial Regex Polyline();
}
