using System.Globalization;
using System.Text.RegularExpressions;
using Arcanum.Data.Synthetic;
using Arcanum.Synthesis.Evaluation;
using Arcanum.Synthesis.Evaluation.Report;

namespace Arcanum.Synthesis.Tests.Evaluation;

/// <summary>What a reader sees in report.html: plain words, colours that agree with the verdicts, readable charts.</summary>
public sealed class EvaluationReportTests
{
    private static readonly Lazy<EvaluationResult> Result = new(() =>
        SyntheticDataEvaluation.Evaluate(Cohorts.Draw(300, seed: 1), Cohorts.Draw(200, seed: 2), Cohorts.Draw(300, seed: 3), new EvaluationOptions { Target = "outcome", Trees = 10 }));

    [Fact]
    public void Build_AnyResult_NamesNoInternalType()
    {
        var html = EvaluationReport.Build(Result.Value);

        Assert.DoesNotContain("PrivacyDistances", html);
        Assert.Contains("check the privacy measures", html);
    }

    [Fact]
    public void Build_PairDifferences_RedOnlyAboveTheVerdictThreshold()
    {
        // Given: one pair below the verdict's 0.2 and one above it.
        var result = Result.Value with
        {
            Fidelity = Result.Value.Fidelity with
            {
                Pairs = [new PairDifference("age", "lactate", "pearson", 0.30, 0.15), new PairDifference("age", "ward", "eta", 0.05, 0.30)],
            },
        };

        // When
        var html = EvaluationReport.Build(result);

        // Then: 0.150 is plain, 0.250 is red, as the fidelity verdict judges them.
        Assert.Contains("<td>0.150</td>", html);
        Assert.Contains("<td class=\"bad\">0.250</td>", html);
        Assert.Contains("Red: a difference above 0.2", html);
    }

    [Fact]
    public void Heatmap_AnyMatrix_DrawsALabelledColourScale()
    {
        var svg = Svg.Heatmap("Real", ["a", "b", "c"], (i, j) => 0.3, signed: true);

        var scale = Regex.Match(svg, "<g aria-label=\"colour scale\">(.*?)</g>").Groups[1].Value;
        Assert.True(Regex.Matches(scale, "<rect ").Count >= 20, "the scale should be a colour bar");
        foreach (var tick in new[] { "−1", "0", "1" }) Assert.Contains($">{tick}</text>", scale);
        Assert.Contains(">undefined</text>", scale);
    }

    [Fact]
    public void Heatmap_DifferenceScale_SaturatesAtTheVerdictThreshold()
    {
        var svg = Svg.Heatmap("|Real − synthetic|", ["a", "b"], (i, j) => 0.2, signed: false, full: FidelityResult.WorryPairDifference);

        Assert.Contains(">≥ 0.2</text>", svg);
        Assert.Equal("#b2182b", CellFill(svg));
    }

    [Fact]
    public void Heatmap_WeakCorrelation_IsClearlyTinted()
    {
        // A correlation of 0.2 is common and meaningful in clinical data; it must not look white.
        var svg = Svg.Heatmap("Real", ["a", "b"], (i, j) => 0.2, signed: true);

        var fill = CellFill(svg);
        var green = int.Parse(fill[3..5], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.True(green <= 190, $"a 0.2 correlation is drawn as {fill}, close to white");
    }

    [Fact]
    public void Distribution_TallestBar_StaysBelowTheFrame()
    {
        // Given: a histogram whose tallest bar holds 16.7% of the rows.
        double[] real = [0.05, 0.167, 0.10, 0.683];
        double[] synthetic = [0.06, 0.15, 0.12, 0.67];

        // When
        var svg = Svg.Distribution("glucose", ["1", "2", "3", "4"], [("real", Svg.RealColor, real), ("synthetic", Svg.SyntheticColor, synthetic)], overlay: true, ("0", "10"));

        // Then: every bar and step line starts below the frame's top edge, and the axis top is a round share.
        var frameTop = double.Parse(Regex.Match(svg, "<rect x=\"\\d+\" y=\"(\\d+)\"[^>]*fill=\"#fafafa\"").Groups[1].Value, CultureInfo.InvariantCulture);
        var bars = Regex.Matches(svg, "<rect x=\"[\\d.]+\" y=\"([\\d.]+)\"[^>]*fill=\"#1f77b4\" fill-opacity").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(4, bars.Count);
        Assert.True(bars.Min() > frameTop + 3, $"the tallest bar's top ({bars.Min()}) touches the frame ({frameTop})");
        var line = Regex.Match(svg, "points=\"([^\"]+)\"").Groups[1].Value.Split(' ').Select(p => double.Parse(p.Split(',')[1], CultureInfo.InvariantCulture));
        Assert.True(line.Min() > frameTop + 3, "the synthetic line runs along the frame");
        Assert.Contains(">80%</text>", svg);
    }

    [Theory]
    [InlineData(0.167, 0.2)]
    [InlineData(0.51, 0.6)]
    [InlineData(0.04, 0.05)]
    [InlineData(0.98, 1)]
    public void AxisTop_Share_IsRoundAndAboveIt(double max, double expected) =>
        Assert.Equal(expected, Svg.AxisTop(max), 10);

    private static string CellFill(string svg) => Regex.Match(svg, "<rect x=\"\\d+\" y=\"\\d+\" width=\"\\d+\" height=\"\\d+\" fill=\"(#[0-9a-f]{6})\"><title>").Groups[1].Value;
}
