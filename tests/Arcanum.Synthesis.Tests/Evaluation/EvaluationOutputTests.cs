using System.Text.Json;
using System.Text.RegularExpressions;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Evaluation;

namespace Arcanum.Synthesis.Tests.Evaluation;

public sealed class EvaluationOutputTests
{
    private static readonly Lazy<EvaluationResult> Result = new(() =>
        SyntheticDataEvaluation.Evaluate(Cohorts.Draw(300, seed: 1), Cohorts.Draw(200, seed: 2), Cohorts.Draw(300, seed: 3), new EvaluationOptions { Target = "outcome", Trees = 30 }));

    [Fact]
    public void MetricsJson_Parses_WithTheDocumentedKeys()
    {
        using var json = JsonDocument.Parse(MetricsJson.ToJson(Result.Value));
        var root = json.RootElement;

        Assert.Equal(["format", "inputs", "verdicts", "fidelity", "utility", "privacy", "notes", "explanations"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(MetricsJson.Format, root.GetProperty("format").GetString());
        Assert.Equal(300, root.GetProperty("inputs").GetProperty("train_rows").GetInt32());
        Assert.Equal(200, root.GetProperty("inputs").GetProperty("holdout_rows").GetInt32());
        Assert.Equal(["fidelity", "utility", "privacy_distances", "membership_inference"], root.GetProperty("verdicts").EnumerateArray().Select(v => v.GetProperty("check").GetString()));
        var classifiers = root.GetProperty("utility").GetProperty("classifiers").EnumerateArray().ToList();
        Assert.Equal(["logistic_regression", "random_forest"], classifiers.Select(c => c.GetProperty("name").GetString()));
        foreach (var c in classifiers)
        {
            Assert.InRange(c.GetProperty("trtr").GetProperty("auroc").GetDouble(), 0.5, 1);
            Assert.InRange(c.GetProperty("tstr").GetProperty("macro_f1").GetDouble(), 0, 1);
            Assert.True(c.GetProperty("ratio").GetProperty("auroc").GetDouble() > 0);
        }
        var attack = root.GetProperty("privacy").GetProperty("membership_inference");
        Assert.InRange(attack.GetProperty("auroc").GetDouble(), 0, 1);
        Assert.Equal(200, attack.GetProperty("members").GetInt32());
        var distances = root.GetProperty("privacy").GetProperty("distances");
        Assert.True(distances.GetProperty("synthetic_to_train_dcr").GetProperty("p50").GetDouble() > 0);
        Assert.Equal(["fidelity_score", "column_distance", "pair_difference", "utility", "privacy_distances", "membership_inference"],
            root.GetProperty("explanations").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Report_HasEverySectionAndNoExternalResource()
    {
        var html = EvaluationReport.Build(Result.Value);

        foreach (var section in new[] { "<h2>Verdicts</h2>", "<h2>Utility: train on synthetic, test on real</h2>", "<h2>Privacy</h2>", "Distance to the closest training row (DCR)", "<h2>Fidelity</h2>", "<h3>Dependence between columns</h3>", "<h3>Every column, real vs synthetic</h3>" })
            Assert.Contains(section, html);
        Assert.Contains("logistic_regression", html);
        Assert.Contains("random_forest", html);
        Assert.Contains("Membership-inference attack AUROC", html);
        Assert.Equal(4, Regex.Matches(html, "<div class=\"verdict ").Count);
        Assert.Equal(3, Regex.Matches(html, "aria-label=\"(Real|Synthetic|\\|Real − synthetic\\|)\"").Count);
        foreach (var column in new[] { "age", "lactate", "ward", "outcome" }) Assert.Contains($"aria-label=\"{column}\"", html);
        Assert.DoesNotContain("http", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("NaN", html);
    }

    [Fact]
    public void Report_ColumnNamesAndLevelsFromTheData_AreEscaped()
    {
        // Given: a column named like markup, with a level that is markup too.
        var train = Rename(Cohorts.Draw(200, seed: 1));
        var result = SyntheticDataEvaluation.Evaluate(train, Rename(Cohorts.Draw(200, seed: 2)), Rename(Cohorts.Draw(200, seed: 3)), new EvaluationOptions { Target = "outcome", Trees = 10 });

        // When
        var html = EvaluationReport.Build(result);

        // Then
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b onmouseover", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("&lt;b onmouseover=", html);
    }

    [Fact]
    public void Report_FiftyColumns_StaysSmall()
    {
        var random = new Random(1);
        DataTable Wide(int rows) => new([.. Enumerable.Range(0, 49).Select(c => (Column)new NumericColumn($"measurement_{c:00}", ColumnType.Numeric, [.. Enumerable.Range(0, rows).Select(_ => Cohorts.Normal(random))]))
            .Append(Cohorts.Levels("outcome", ColumnType.Binary, [.. Enumerable.Range(0, rows).Select(_ => random.Next(2) == 0 ? "no" : "yes")]))]);

        var result = SyntheticDataEvaluation.Evaluate(Wide(200), Wide(100), Wide(200), new EvaluationOptions { Target = "outcome", Trees = 10 });
        var html = EvaluationReport.Build(result);

        Assert.Equal(50, result.Fidelity.Marginals.Count);
        Assert.True(html.Length < 1_500_000, $"report is {html.Length} characters");
    }

    [Fact]
    public void Write_NewFolder_WritesBothFilesAndNothingElse()
    {
        using var dir = new Scratch();
        var output = Path.Combine(dir.Path, "nested", "eval");

        var written = EvaluationOutput.Write(Result.Value, output);

        Assert.Equal([Path.Combine(output, "metrics.json"), Path.Combine(output, "report.html")], written);
        Assert.Equal(["metrics.json", "report.html"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        Assert.Equal(["eval"], Directory.GetFileSystemEntries(Path.Combine(dir.Path, "nested")).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_EmptyExistingFolder_IsUsed()
    {
        using var dir = new Scratch();

        EvaluationOutput.Write(Result.Value, dir.Path);

        Assert.Equal(2, Directory.GetFiles(dir.Path).Length);
    }

    [Fact]
    public void Write_FolderNotEmpty_RefusesAndLeavesItAlone()
    {
        using var dir = new Scratch();
        File.WriteAllText(Path.Combine(dir.Path, "keep.txt"), "mine");

        var error = Assert.Throws<IOException>(() => EvaluationOutput.Write(Result.Value, dir.Path));

        Assert.Contains("not empty", error.Message);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    private static DataTable Rename(DataTable table) => new([.. table.Columns.Select(c => c switch
    {
        { Name: "lactate" } and NumericColumn n => new NumericColumn("<script>alert(1)</script>", n.Type, [.. n.Values]),
        { Name: "ward" } and CategoricalColumn w => new CategoricalColumn("ward", w.Type, [.. w.Levels.Select(l => l == "c" ? "<b onmouseover=x>c</b>" : l)], [.. Enumerable.Range(0, w.Length).Select(w.Code)]),
        _ => c,
    })]);

    private sealed class Scratch : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("arcanum-eval-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
