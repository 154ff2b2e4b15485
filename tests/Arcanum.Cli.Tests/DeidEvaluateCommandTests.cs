using System.Text.Json;

namespace Arcanum.Cli.Tests;

/// <summary><c>deid evaluate</c> on two small span files, and the bad-input errors.</summary>
public sealed class DeidEvaluateCommandTests
{
    private const string Gold = """
        {"file":"a.txt","start":0,"end":10,"type":"NAME","length":10}
        {"file":"a.txt","start":20,"end":30,"type":"DATE","length":10}
        {"file":"b.txt","start":5,"end":8,"type":"AGE","length":3}
        """;

    private const string Predicted = """
        {"file":"a.txt","start":0,"end":10,"type":"NAME","length":10}
        {"file":"a.txt","start":22,"end":30,"type":"DATE","length":8}
        """;

    [Fact]
    public void Evaluate_TwoFiles_PrintsLenientAndExactAndWritesJson()
    {
        // Given
        using var dir = new TempDir();
        File.WriteAllText(dir.Sub("gold.jsonl"), Gold);
        File.WriteAllText(dir.Sub("pred.jsonl"), Predicted);

        // When
        var run = CliRun.Of("deid", "evaluate", "--gold", dir.Sub("gold.jsonl"), "--predicted", dir.Sub("pred.jsonl"),
            "--json", dir.Sub("scores.json"));

        // Then
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("lenient R", run.Output);
        Assert.Contains("1 gold document(s) have no predicted span", run.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.Sub("scores.json")));
        var overall = json.RootElement.GetProperty("overall");
        Assert.Equal(2.0 / 3, overall.GetProperty("lenient").GetProperty("recall").GetDouble(), 5);
        Assert.Equal(1.0 / 3, overall.GetProperty("exact").GetProperty("recall").GetDouble(), 5);
        Assert.Equal(0.0, json.RootElement.GetProperty("byCategory").GetProperty("ages").GetProperty("lenient")
            .GetProperty("recall").GetDouble());
    }

    [Fact]
    public void Evaluate_MalformedLine_Exit2NamesFileAndLine()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Sub("gold.jsonl"), Gold);
        File.WriteAllText(dir.Sub("pred.jsonl"),
            "{\"file\":\"a.txt\",\"start\":0,\"end\":3,\"type\":\"NAME\"}\nnot json\n");

        var run = CliRun.Of("deid", "evaluate", "--gold", dir.Sub("gold.jsonl"), "--predicted", dir.Sub("pred.jsonl"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pred.jsonl' line 2", run.Error);
    }

    [Fact]
    public void Evaluate_MissingGoldFile_Exit2NamesTheFile()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Sub("pred.jsonl"), Predicted);

        var run = CliRun.Of("deid", "evaluate", "--gold", dir.Sub("none.jsonl"), "--predicted", dir.Sub("pred.jsonl"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("none.jsonl' does not exist", run.Error);
    }
}
