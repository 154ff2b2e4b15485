using System.Text.Json;

namespace Arcanum.Cli.Tests;

/// <summary><c>arcanum synth evaluate</c> on files: the happy path on Pima, and bad input that stops with exit 2 and writes nothing.</summary>
public sealed class SynthEvaluateCommandTests
{
    [Fact]
    public void Evaluate_PimaWithIndependentlyShuffledColumns_WritesReportAndMetricsThatSeeNoUtility()
    {
        // Given: a real train/holdout split, and "synthetic" rows that keep every column's values but no link between columns.
        using var dir = new TempDir();
        var files = Pima.Split(dir);
        var output = dir.Sub("eval");

        // When
        var run = Run("--real", files.Train, "--holdout", files.Holdout, "--synthetic", files.Synthetic, "--target", "diabetes", "--positive", "pos", "--out", output);

        // Then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("", run.Error);
        Assert.Equal(["metrics.json", "report.html"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        Assert.Contains("Verdicts", run.Output);
        Assert.Contains("random_forest", run.Output);
        Assert.Contains(Path.Combine(Path.GetFullPath(output), "report.html"), run.Output);

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        var inputs = metrics.RootElement.GetProperty("inputs");
        Assert.Equal(files.TrainRows, inputs.GetProperty("train_rows").GetInt32());
        Assert.Equal(files.HoldoutRows, inputs.GetProperty("holdout_rows").GetInt32());
        var utility = metrics.RootElement.GetProperty("utility");
        Assert.Equal("pos", utility.GetProperty("positive_class").GetString());
        foreach (var classifier in utility.GetProperty("classifiers").EnumerateArray())
        {
            Assert.InRange(classifier.GetProperty("trtr").GetProperty("auroc").GetDouble(), 0.75, 0.95);
            Assert.InRange(classifier.GetProperty("tstr").GetProperty("auroc").GetDouble(), 0.3, 0.7);
        }
        var verdicts = metrics.RootElement.GetProperty("verdicts").EnumerateArray().ToDictionary(v => v.GetProperty("check").GetString()!, v => v.GetProperty("level").GetString());
        Assert.Equal("worry", verdicts["utility"]);
        Assert.Contains("<h2>Verdicts</h2>", File.ReadAllText(Path.Combine(output, "report.html")));
    }

    [Fact]
    public void Evaluate_IdsOptionAndIntegerColumnWithFractions_IgnoresTheIdAndReadsTheFractions()
    {
        using var dir = new TempDir();
        var files = Pima.Split(dir, rows: 200, syntheticFractions: true);
        var output = dir.Sub("eval");

        var run = Run("--real", files.Train, "--holdout", files.Holdout, "--synthetic", files.Synthetic, "--target", "diabetes", "--ids", "pedigree", "--out", output);

        Assert.True(run.ExitCode == 0, run.Error);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        var inputs = metrics.RootElement.GetProperty("inputs");
        Assert.Equal(["pedigree"], inputs.GetProperty("ignored_identifier_columns").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("pedigree", inputs.GetProperty("columns").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Evaluate_MissingFile_SaysWhichAndWritesNothing() =>
        AssertBadInput((dir, f) => f.Args(dir, synthetic: Path.Combine(dir.Path, "nope.csv")), "nope.csv' does not exist");

    [Fact]
    public void Evaluate_UnknownTarget_ListsTheColumns() =>
        AssertBadInput((dir, f) => f.Args(dir, target: "outcome"), "Target 'outcome' is not a column of train.csv. Columns: pregnant, glucose");

    [Fact]
    public void Evaluate_SyntheticColumnsDiffer_ListsMissingAndExtra() =>
        AssertBadInput((dir, f) =>
        {
            var lines = File.ReadAllLines(f.Synthetic);
            File.WriteAllLines(f.Synthetic, [.. lines.Select(l => l.Replace("\"insulin\"", "\"bmi\"", StringComparison.Ordinal))]);
            return f.Args(dir);
        }, "The synthetic (syn.csv) table's columns differ from the real table's: it lacks column 'insulin' and has column 'bmi', which the real table does not.");

    [Fact]
    public void Evaluate_TargetWithOneClass_Refuses() =>
        AssertBadInput((dir, f) =>
        {
            var lines = File.ReadAllLines(f.Train);
            File.WriteAllLines(f.Train, [lines[0], .. lines.Skip(1).Select(l => l.Replace("\"pos\"", "\"neg\"", StringComparison.Ordinal))]);
            return f.Args(dir);
        }, "single value");

    [Fact]
    public void Evaluate_EmptySyntheticTable_Refuses() =>
        AssertBadInput((dir, f) =>
        {
            File.WriteAllLines(f.Synthetic, [File.ReadAllLines(f.Synthetic)[0]]);
            return f.Args(dir);
        }, "The synthetic table has no rows.");

    [Fact]
    public void Evaluate_IdsNamesAnUnknownColumn_Refuses() =>
        AssertBadInput((dir, f) => [.. f.Args(dir), "--ids", "patient"], "--ids names column 'patient', which train.csv does not have");

    [Fact]
    public void Evaluate_OutputFolderNotEmpty_RefusesAndLeavesItAlone()
    {
        using var dir = new TempDir();
        var files = Pima.Split(dir, rows: 60);
        var output = dir.Sub("eval");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");

        var run = Run([.. files.Args(dir)]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not empty", run.Error);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
    }

    private static CliRun Run(params string[] args) => CliRun.Of(["synth", "evaluate", .. args]);

    private static void AssertBadInput(Func<TempDir, Pima, string[]> arrange, string message)
    {
        // Given
        using var dir = new TempDir();
        var files = Pima.Split(dir, rows: 60);
        var args = arrange(dir, files);
        var before = Directory.GetFileSystemEntries(dir.Path).Order().ToArray();

        // When
        var run = Run(args);

        // Then
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("error: ", run.Error);
        Assert.Equal(before, Directory.GetFileSystemEntries(dir.Path).Order().ToArray());
    }

    /// <summary>Pima split into train and holdout CSVs, and a synthetic CSV: the training rows with every column shuffled on its own.</summary>
    private sealed record Pima(string Train, string Holdout, string Synthetic, int TrainRows, int HoldoutRows)
    {
        /// <summary>Every option a run needs, the output being <c>eval</c> in <paramref name="dir"/>.</summary>
        public string[] Args(TempDir dir, string target = "diabetes", string? synthetic = null) =>
            ["--real", Train, "--holdout", Holdout, "--synthetic", synthetic ?? Synthetic, "--target", target, "--out", dir.Sub("eval")];

        public static Pima Split(TempDir dir, int? rows = null, bool syntheticFractions = false)
        {
            var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "pima_diabetes.csv"));
            var header = lines[0];
            var body = lines.Skip(1).Take(rows ?? int.MaxValue).ToArray();
            var random = new Random(7);
            random.Shuffle(body);
            var holdoutCount = body.Length * 3 / 10;
            var train = body[holdoutCount..];
            var holdout = body[..holdoutCount];

            var cells = train.Select(l => l.Split(',')).ToArray();
            var width = cells[0].Length;
            for (var c = 0; c < width; c++)
            {
                var column = cells.Select(r => r[c]).ToArray();
                random.Shuffle(column);
                for (var r = 0; r < cells.Length; r++) cells[r][c] = syntheticFractions && c == 0 ? column[r] + ".5" : column[r];
            }

            var trainPath = Write(dir, "train.csv", header, train);
            var holdoutPath = Write(dir, "holdout.csv", header, holdout);
            var syntheticPath = Write(dir, "syn.csv", header, [.. cells.Select(r => string.Join(',', r))]);
            return new Pima(trainPath, holdoutPath, syntheticPath, train.Length, holdout.Length);
        }

        private static string Write(TempDir dir, string name, string header, IEnumerable<string> rows) =>
            dir.File(name, string.Join('\n', rows.Prepend(header)) + "\n");
    }
}
