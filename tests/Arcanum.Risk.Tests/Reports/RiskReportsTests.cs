using System.Text.Json;
using Arcanum.Risk.Reports;
using Arcanum.Risk.Tests.Support;

namespace Arcanum.Risk.Tests.Reports;

public sealed class RiskReportsTests
{
    private static RiskReport Report() => RiskAssessment.Measure(
        Releases.Table("age,sex,diagnosis\n30,F,Zebrafish-allergy\n40,M,flu\n40,M,flu\n<b>x</b>,F,flu"),
        new RiskOptions { QuasiIdentifiers = ["age", "sex"], Sensitive = ["diagnosis"], PopulationSize = 10_000 });

    [Fact]
    public void Html_Report_SelfContainedWithVerdictAndNoDataValues()
    {
        var html = RiskHtml.Render(Report());

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("Not safe to release in any tier", html);
        Assert.Contains("<svg", html);
        foreach (var external in new[] { "<script", "src=", "href=", "@import", "url(" })
            Assert.DoesNotContain(external, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Zebrafish", html);
        Assert.DoesNotContain("<b>x</b>", html);
    }

    [Fact]
    public void Json_Report_SnakeCaseFiguresAndNoDataValues()
    {
        var json = RiskJson.Render(Report());

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(1, doc.RootElement.GetProperty("k").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("sample_uniques").GetInt32());
        Assert.Equal(0.75, doc.RootElement.GetProperty("prosecutor").GetProperty("average").GetDouble(), 12);
        var model = doc.RootElement.GetProperty("population_uniqueness").GetProperty("dankar_model").GetString();
        Assert.Contains(model, new[] { "Pitman", "Zayatz" });
        Assert.DoesNotContain("Zebrafish", json);
    }
}
