using System.Globalization;
using System.Text;
using System.Text.Json;
using Arcanum.Data;
using Arcanum.Data.Tables;

namespace Arcanum.Cli.Tests;

/// <summary><c>arcanum synth fit</c> and <c>sample</c> as a user runs them: files in, files out, clear errors.</summary>
public sealed class SynthCommandTests
{
    /// <summary>A cohort CSV: id, age, lab (10% missing), sex, diagnosis with a 5% rare level.</summary>
    private static string Cohort(TempDir dir, int rows = 300)
    {
        var random = new Random(4);
        var text = new StringBuilder("patient_id,age,lab,sex,diagnosis\n");
        for (var i = 0; i < rows; i++)
        {
            var age = random.Next(30, 90);
            var lab = random.NextDouble() < 0.1 ? "" : (2 + 0.05 * age + random.NextDouble()).ToString("0.0", CultureInfo.InvariantCulture);
            var diagnosis = i % 20 == 0 ? "rare" : random.NextDouble() < 0.3 ? "malignant" : "benign";
            text.Append(CultureInfo.InvariantCulture, $"P{1000 + i},{age},{lab},{(random.Next(2) == 0 ? "F" : "M")},{diagnosis}\n");
        }
        return dir.File("cohort.csv", text.ToString());
    }

    [Fact]
    public void Fit_a_copula_then_sample_a_rare_group_natively()
    {
        using var dir = new TempDir();
        var data = Cohort(dir);
        var model = dir.Sub("model");

        var fit = CliRun.Of("synth", "fit", "--data", data, "--model", "copula", "--out", model);
        Assert.True(fit.ExitCode == 0, fit.Error);
        Assert.Contains("Identifier columns not learned", fit.Output);
        Assert.True(File.Exists(Path.Combine(model, "synthesizer.json")));

        var output = dir.Sub("rare.csv");
        var sample = CliRun.Of("synth", "sample", "--model", model, "-n", "120", "--where", "diagnosis = rare and age >= 50", "--real", data, "--out", output);
        Assert.True(sample.ExitCode == 0, sample.Error);
        Assert.Contains("natively on diagnosis, age", sample.Output);
        Assert.Contains("meeting the condition", sample.Output);
        var rows = CsvTableReader.Read(output);
        Assert.Equal(120, rows.RowCount);
        Assert.All(Enumerable.Range(0, 120), r =>
        {
            Assert.Equal("rare", rows["diagnosis"].RawValue(r));
            Assert.True(((NumericColumn)rows["age"])[r] >= 50);
            Assert.StartsWith("syn-", rows["patient_id"].RawValue(r));
        });
    }

    [Theory]
    [InlineData("copula", "parameters/columns/1/quantiles", "The copula's parameters are damaged: $.parameters.columns[1].quantiles is missing")]
    [InlineData("tvae", "parameters/transformer/columns/0/modes", "The model's transformer is damaged: $.parameters.transformer.columns[0].modes is missing")]
    [InlineData("ctgan", "parameters/transformer/columns/0/modes/0/weight", "The model's transformer is damaged: $.parameters.transformer.columns[0].modes[0].weight is missing")]
    public void Sample_from_a_hand_damaged_model_names_the_missing_member_and_writes_nothing(string kind, string member, string expected)
    {
        // Given a fitted model whose synthesizer.json lost one member (a hand edit)
        using var dir = new TempDir();
        var data = Cohort(dir, rows: 120);
        var model = dir.Sub("model");
        var fit = CliRun.Of("synth", "fit", "--data", data, "--model", kind, "--epochs", "1", "--batch-size", "60", "--out", model);
        Assert.True(fit.ExitCode == 0, fit.Error);
        var header = Path.Combine(model, "synthesizer.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(header))!;
        var steps = member.Split('/');
        var parent = steps[..^1].Aggregate(json, (node, step) => int.TryParse(step, out var i) ? node[i]! : node[step]!);
        parent.AsObject().Remove(steps[^1]);
        File.WriteAllText(header, json.ToJsonString());

        // When
        var output = dir.Sub("out.csv");
        var sample = CliRun.Of("synth", "sample", "--model", model, "-n", "10", "--out", output);

        // Then one clear line names the member; no stack trace, no output
        Assert.Equal(2, sample.ExitCode);
        Assert.Contains(expected, sample.Error);
        Assert.DoesNotContain("   at ", sample.Error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Fit_ctgan_with_an_epsilon_prints_and_saves_the_privacy_spent()
    {
        using var dir = new TempDir();
        var data = Cohort(dir);
        var model = dir.Sub("model");
        var fit = CliRun.Of("synth", "fit", "--data", data, "--model", "ctgan", "--epochs", "2", "--batch-size", "60", "--epsilon", "2", "--out", model);
        Assert.True(fit.ExitCode == 0, fit.Error);
        Assert.Contains("Privacy spent: epsilon", fit.Output);
        Assert.Contains("epoch 2/2", fit.Output);
        Assert.DoesNotContain("loses the relations", fit.Output);
        using var header = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "synthesizer.json")));
        var privacy = header.RootElement.GetProperty("training").GetProperty("privacy");
        Assert.InRange(privacy.GetProperty("epsilon").GetDouble(), 1.9, 2.0);
        Assert.Equal(10, privacy.GetProperty("steps").GetInt64());   // 2 epochs × 300/60

        var output = dir.Sub("syn.csv");
        var sample = CliRun.Of("synth", "sample", "--model", model, "-n", "50", "--out", output);
        Assert.True(sample.ExitCode == 0, sample.Error);
        Assert.Equal(50, CsvTableReader.Read(output).RowCount);
    }

    [Fact]
    public void Fit_tvae_at_a_practical_epsilon_warns_that_relations_between_columns_are_lost()
    {
        using var dir = new TempDir();
        var data = Cohort(dir);
        var fit = CliRun.Of("synth", "fit", "--data", data, "--model", "tvae", "--epochs", "1", "--batch-size", "60", "--epsilon", "3", "--out", dir.Sub("model"));
        Assert.True(fit.ExitCode == 0, fit.Error);
        Assert.Contains("DP-TVAE keeps each column's frequencies but loses the relations between columns", fit.Output);
        Assert.Contains("--model aim", fit.Output);
    }

    [Fact]
    public void Fit_mst_with_an_epsilon_saves_the_budget_then_samples_a_rare_group_natively()
    {
        using var dir = new TempDir();
        var data = Cohort(dir);
        var model = dir.Sub("model");

        var fit = CliRun.Of("synth", "fit", "--data", data, "--model", "mst", "--epsilon", "3", "--out", model);

        Assert.True(fit.ExitCode == 0, fit.Error);
        Assert.Contains("MST spends epsilon 3 at delta 1E-09", fit.Output);
        Assert.Contains("Privacy spent: epsilon 3", fit.Output);
        Assert.Contains("Levels of sex, diagnosis were read from the data", fit.Output);
        using (var header = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "synthesizer.json"))))
        {
            var root = header.RootElement;
            Assert.Equal("mst", root.GetProperty("kind").GetString());
            var privacy = root.GetProperty("parameters").GetProperty("privacy");
            Assert.Equal(3, privacy.GetProperty("epsilon").GetDouble());
            Assert.Equal(1e-9, privacy.GetProperty("delta").GetDouble());
            var spent = privacy.GetProperty("spends").EnumerateArray().Sum(e => e.GetProperty("rho").GetDouble());
            Assert.InRange(spent, 0.9 * privacy.GetProperty("rho").GetDouble(), privacy.GetProperty("rho").GetDouble() * (1 + 1e-12));
        }

        var output = dir.Sub("rare.csv");
        var sample = CliRun.Of("synth", "sample", "--model", model, "-n", "80", "--where", "diagnosis = rare", "--out", output);
        Assert.True(sample.ExitCode == 0, sample.Error);
        Assert.Contains("natively on diagnosis", sample.Output);
        var rows = CsvTableReader.Read(output);
        Assert.Equal(80, rows.RowCount);
        Assert.Equal(["patient_id", "age", "lab", "sex", "diagnosis"], rows.Columns.Select(c => c.Name));
        Assert.Equal(ColumnType.Integer, rows["age"].Type);
        Assert.All(Enumerable.Range(0, 80), r =>
        {
            Assert.Equal("rare", rows["diagnosis"].RawValue(r));
            Assert.StartsWith("syn-", rows["patient_id"].RawValue(r));
        });
    }

    [Fact]
    public void Mst_split_fit_sample_evaluate_each_step_succeeds()
    {
        using var dir = new TempDir();
        var split = dir.Sub("split");
        var model = dir.Sub("model");
        var synthetic = dir.Sub("syn.csv");
        var output = dir.Sub("eval");

        var runs = new[]
        {
            CliRun.Of("synth", "split", "--data", "pima", "--holdout", "0.25", "--out", split),
            CliRun.Of("synth", "fit", "--data", Path.Combine(split, "train.csv"), "--model", "mst", "--epsilon", "3", "--out", model),
            CliRun.Of("synth", "sample", "--model", model, "-n", "500", "--out", synthetic),
            CliRun.Of("synth", "evaluate", "--real", Path.Combine(split, "train.csv"), "--holdout", Path.Combine(split, "holdout.csv"), "--synthetic", synthetic,
                "--target", "diabetes", "--positive", "pos", "--out", output),
        };

        // The noise is fresh every run (the CLI never seeds it), so only what survives any noise at epsilon 3 is checked:
        // every step works, and the missing rates (insulin's is about half) come out close.
        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Error));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        Assert.All(metrics.RootElement.GetProperty("fidelity").GetProperty("columns").EnumerateArray(),
            c => Assert.InRange(Math.Abs(c.GetProperty("missing_rate_difference").GetDouble()), 0, 0.1));
    }

    [Fact]
    public void Fit_mst_with_a_public_domain_spends_nothing_on_ranges()
    {
        using var dir = new TempDir();
        var data = Cohort(dir);
        var domain = dir.File("domain.json", """
            {"columns": {"age": {"min": 18, "max": 100}, "lab": {"min": 0, "max": 10},
                         "sex": {"levels": ["F", "M"]}, "diagnosis": {"levels": ["benign", "malignant", "rare"]}}}
            """);
        var model = dir.Sub("model");

        var fit = CliRun.Of("synth", "fit", "--data", data, "--model", "mst", "--epsilon", "1", "--domain", domain, "--out", model);

        Assert.True(fit.ExitCode == 0, fit.Error);
        Assert.DoesNotContain("read from the data", fit.Output);
        using var header = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "synthesizer.json")));
        var root = header.RootElement;
        var steps = root.GetProperty("parameters").GetProperty("privacy").GetProperty("spends").EnumerateArray().Select(e => e.GetProperty("step").GetString());
        Assert.Equal(["one-way marginals", "tree of pairs", "pair marginals"], steps);
        var age = root.GetProperty("schema").GetProperty("columns").EnumerateArray().First(c => c.GetProperty("name").GetString() == "age");
        Assert.Equal(18, age.GetProperty("min").GetDouble());
        Assert.Equal(100, age.GetProperty("max").GetDouble());
    }

    [Theory]
    [InlineData("--model copula --epsilon 1", "needs --model ctgan, tvae, mst or aim")]
    [InlineData("--model mst", "--model mst needs --epsilon")]
    [InlineData("--model mst --epsilon 1 --delta 0.01", "not below 1/rows")]
    [InlineData("--model mst --epsilon 1 --bins 1", "between 2 and 1000 bins")]
    [InlineData("--model copula --bins 8", "need --model mst")]
    [InlineData("--model mst --epsilon 1 --domain nope.json", "does not exist")]
    [InlineData("--model tvae --epsilon 1 --delta 0.01", "not below 1/rows")]
    [InlineData("--model tvae --delta 0.00001", "--delta needs --epsilon")]
    [InlineData("--model ctgan --epochs 0", "at least 1")]
    [InlineData("--model ctgan --ids nope", "'nope' is not in the table")]
    [InlineData("--model ctgan --device cuda", "not available")]
    public void Fit_refuses_bad_settings_and_writes_nothing(string options, string expected)
    {
        using var dir = new TempDir();
        var data = Cohort(dir);
        var model = dir.Sub("model");
        var run = CliRun.Of(["synth", "fit", "--data", data, .. options.Split(' '), "--out", model]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.False(Directory.Exists(model));
    }

    [Fact]
    public void Fit_refuses_a_missing_file_and_a_non_empty_output_folder()
    {
        using var dir = new TempDir();
        var missing = CliRun.Of("synth", "fit", "--data", dir.Sub("nope.csv"), "--model", "copula", "--out", dir.Sub("m"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("neither a file nor a bundled dataset", missing.Error);

        Directory.CreateDirectory(dir.Sub("m2"));
        dir.File("m2/keep.txt", "x");
        var full = CliRun.Of("synth", "fit", "--data", Cohort(dir), "--model", "copula", "--out", dir.Sub("m2"));
        Assert.Equal(2, full.ExitCode);
        Assert.Contains("not empty", full.Error);
        Assert.Equal(["keep.txt"], Directory.GetFiles(dir.Sub("m2")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--where", "colour = red", "does not have")]
    [InlineData("--where", "Age >= 50", "Did you mean 'age'?")]
    [InlineData("--where", "diagnosis = malignent", "Did you mean 'malignant'?")]
    [InlineData("--where", "diagnosis = Rare", "Did you mean 'rare'")]
    [InlineData("--where", "age >= 120", "cannot be met")]
    [InlineData("-n", "0", "at least 1")]
    public void Sample_refuses_bad_conditions_and_writes_nothing(string option, string value, string expected)
    {
        using var dir = new TempDir();
        var model = dir.Sub("model");
        Assert.Equal(0, CliRun.Of("synth", "fit", "--data", Cohort(dir), "--model", "copula", "--out", model).ExitCode);
        var output = dir.Sub("out.csv");
        string[] args = option == "-n"
            ? ["synth", "sample", "--model", model, "-n", value, "--out", output]
            : ["synth", "sample", "--model", model, "-n", "10", option, value, "--out", output];
        var run = CliRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Sample_refuses_a_folder_that_is_not_a_model_and_an_existing_output()
    {
        using var dir = new TempDir();
        var notModel = CliRun.Of("synth", "sample", "--model", dir.Path, "-n", "5", "--out", dir.Sub("a.csv"));
        Assert.Equal(2, notModel.ExitCode);
        Assert.Contains("not a model folder", notModel.Error);

        var existing = dir.File("b.csv", "keep");
        var model = dir.Sub("model");
        Assert.Equal(0, CliRun.Of("synth", "fit", "--data", Cohort(dir), "--model", "copula", "--out", model).ExitCode);
        var run = CliRun.Of("synth", "sample", "--model", model, "-n", "5", "--out", existing);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("exists", run.Error);
        Assert.Equal("keep", File.ReadAllText(existing));
    }
}
