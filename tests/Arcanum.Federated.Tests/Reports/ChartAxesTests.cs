using System.Globalization;
using System.Text.RegularExpressions;
using Arcanum.Federated.Reports;

namespace Arcanum.Federated.Tests.Reports;

/// <summary>Axes that do not mislead: bars from 0, and a value of exactly 1.0 drawn inside the plot, not on its border.</summary>
public sealed class ChartAxesTests
{
    [Fact]
    public void Bars_ScoresBetweenHalfAndOne_StartAtZero()
    {
        var svg = SvgChart.Bars("t", "AUROC", ["A", "B"], [("federated", [0.62, 0.71])]);

        Assert.Contains("text-anchor=\"end\">0.0</text>", svg);
    }

    [Fact]
    public void Lines_ValueOfExactlyOne_IsDrawnBelowThePlotBorder()
    {
        // Given: the plot's top border is at y=30
        var svg = SvgChart.Lines("t", "AUROC", [("site", [0.8, 1.0, 1.0])], new HashSet<string>());

        // When
        var ys = Regex.Matches(svg, @"points=""([^""]+)""").SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => double.Parse(p.Split(',')[1], CultureInfo.InvariantCulture)).ToList();

        // Then
        Assert.True(ys.Min() > 34, $"highest point at y={ys.Min()}");
    }
    [Fact]
    public void Lines_AurocWithAFloorAtChance_ReachesDownToHalf()
    {
        var zoomed = SvgChart.Lines("t", "AUROC", [("all sites", [0.80, 0.83, 0.86])], new HashSet<string>());
        var floored = SvgChart.Lines("t", "AUROC", [("all sites", [0.80, 0.83, 0.86])], new HashSet<string>(), floor: 0.5);

        Assert.DoesNotContain(">0.5</text>", zoomed);
        Assert.Contains(">0.5</text>", floored);
    }
}
