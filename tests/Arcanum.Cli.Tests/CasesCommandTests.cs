using System.Text.Json;

namespace Arcanum.Cli.Tests;

/// <summary><c>arcanum cases kb</c> and <c>simulate</c> as the README walks through them, on a DDXPlus-shaped fixture.</summary>
public sealed class CasesCommandTests
{
    private const string Evidences = """
        {
          "E_1": {"name": "E_1", "code_question": "E_1", "question_en": "Fever?", "is_antecedent": false, "default_value": 0, "possible-values": [], "data_type": "B"},
          "E_2": {"name": "E_2", "code_question": "E_2", "question_en": "Pain?", "is_antecedent": false, "default_value": 0, "possible-values": [], "data_type": "B"},
          "E_3": {"name": "E_3", "code_question": "E_2", "question_en": "Where?", "is_antecedent": false, "default_value": "V_0", "possible-values": ["V_0", "V_1", "V_2"], "data_type": "M"},
          "E_9": {"name": "E_9", "code_question": "E_9", "question_en": "Do you smoke?", "is_antecedent": true, "default_value": 0, "possible-values": [], "data_type": "B"}
        }
        """;

    private const string Conditions = """
        {
          "Flu": {"cond-name-eng": "Flu", "icd10-id": "J10", "symptoms": {"E_1": {}, "E_2": {}, "E_3": {}}, "antecedents": {}, "severity": 3},
          "Angina": {"cond-name-eng": "Angina", "icd10-id": "I20", "symptoms": {"E_2": {}, "E_3": {}}, "antecedents": {"E_9": {}}, "severity": 4}
        }
        """;

    private const string Patients = """
        AGE,SEX,PATHOLOGY,EVIDENCES
        30,F,Flu,"['E_1', 'E_2', 'E_3_@_V_1']"
        70,M,Angina,"['E_2', 'E_3_@_V_2', 'E_9']"
        25,M,Flu,"['E_1']"
        64,F,Angina,"['E_2', 'E_3_@_V_2', 'E_3_@_V_1']"
        40,F,Flu,"['E_1']"
        """;

    internal static string KnowledgeBase(TempDir dir)
    {
        Directory.CreateDirectory(dir.Sub("ddxplus"));
        File.WriteAllText(dir.Sub("ddxplus/release_evidences.json"), Evidences);
        File.WriteAllText(dir.Sub("ddxplus/release_conditions.json"), Conditions);
        File.WriteAllText(dir.Sub("ddxplus/patients_train.csv"), Patients);
        var run = CliRun.Of("cases", "kb", "--ddxplus", dir.Sub("ddxplus"), "--out", dir.Sub("kb.json"), "--holdout-every", "0");
        Assert.True(run.ExitCode == 0, run.Error);
        return dir.Sub("kb.json");
    }

    [Fact]
    public void Kb_DdxPlusFolder_WritesAnEstimatedKnowledgeBase()
    {
        using var dir = new TempDir();

        var path = KnowledgeBase(dir);

        using var kb = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal("arcanum-cases-kb/1", kb.RootElement.GetProperty("format").GetString());
        Assert.Equal(5, kb.RootElement.GetProperty("estimation").GetProperty("patients").GetInt32());
        var flu = kb.RootElement.GetProperty("diseases")[0];
        Assert.Equal(3, flu.GetProperty("estimated").GetProperty("patients").GetInt32());
        Assert.Equal("E_2", kb.RootElement.GetProperty("findings")[2].GetProperty("gate").GetString());
    }

    [Fact]
    public void Simulate_SameSeed_SameCsvAndAReport()
    {
        using var dir = new TempDir();
        var kb = KnowledgeBase(dir);

        var first = CliRun.Of("cases", "simulate", "--kb", kb, "-n", "500", "--seed", "7", "--out", dir.Sub("a.csv"));
        var second = CliRun.Of("cases", "simulate", "--kb", kb, "-n", "500", "--seed", "7", "--out", dir.Sub("b.csv"));

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(0, second.ExitCode);
        var lines = File.ReadAllLines(dir.Sub("a.csv"));
        Assert.Equal(501, lines.Length);
        Assert.Equal("case,age,sex,disease,evidences,E_1,E_2,E_9,E_3_@_V_0,E_3_@_V_1,E_3_@_V_2", lines[0]);
        Assert.Equal(lines, File.ReadAllLines(dir.Sub("b.csv")));
        Assert.Contains("500 cases", first.Output);
        Assert.Contains("Beyond 4 standard errors", first.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(dir.Sub("a.report.json")));
        Assert.Equal(2, report.RootElement.GetProperty("diseases").GetArrayLength());
    }

    [Fact]
    public void Simulate_Where_EveryRowMeetsIt()
    {
        using var dir = new TempDir();
        var kb = KnowledgeBase(dir);

        var run = CliRun.Of("cases", "simulate", "--kb", kb, "-n", "300", "--out", dir.Sub("c.csv"), "--where", "disease = Angina and age >= 65 and E_9 = 1", "--no-one-hot");

        Assert.True(run.ExitCode == 0, run.Error);
        var rows = File.ReadAllLines(dir.Sub("c.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(300, rows.Count);
        Assert.All(rows, r => Assert.Equal("Angina", r[3]));
        Assert.All(rows, r => Assert.True(int.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture) >= 65));
        Assert.All(File.ReadAllLines(dir.Sub("c.csv")).Skip(1), l => Assert.Contains("'E_9'", l));
    }

    [Fact]
    public void Simulate_ConditionNoCaseMeets_Exit2AndNoCsv()
    {
        using var dir = new TempDir();
        var kb = KnowledgeBase(dir);

        var run = CliRun.Of("cases", "simulate", "--kb", kb, "-n", "10", "--out", dir.Sub("d.csv"), "--where", "disease = Flu and E_9 = 1");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: No case can meet", run.Error);
        Assert.False(File.Exists(dir.Sub("d.csv")));
    }

    [Fact]
    public void Simulate_InvalidKnowledgeBase_Exit2NamesTheProblem()
    {
        using var dir = new TempDir();
        var kb = File.ReadAllText(KnowledgeBase(dir)).Replace("\"id\": \"E_1\",\n          \"p\"", "\"id\": \"E_404\",\n          \"p\"", StringComparison.Ordinal);
        File.WriteAllText(dir.Sub("bad.json"), kb);

        var run = CliRun.Of("cases", "simulate", "--kb", dir.Sub("bad.json"), "-n", "10", "--out", dir.Sub("e.csv"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("disease 'Flu' names finding 'E_404', which is not in findings", run.Error);
        Assert.False(File.Exists(dir.Sub("e.csv")));
    }

    [Fact]
    public void Kb_Sites_SummedCountsUnderTheMinimumAndSaysWhatWasWithheld()
    {
        using var dir = new TempDir();
        KnowledgeBase(dir);

        var run = CliRun.Of("cases", "kb", "--ddxplus", dir.Sub("ddxplus"), "--out", dir.Sub("fed.json"), "--holdout-every", "0",
            "--sites", "2", "--min-count", "3");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("2 sites released their counts;", run.Output);
        using var kb = JsonDocument.Parse(File.ReadAllText(dir.Sub("fed.json")));
        Assert.Contains("counted at 2 sites", kb.RootElement.GetProperty("estimation").GetProperty("from").GetString());
        // Site 1 holds the three flu patients, site 2 the two angina patients: fewer than 3, so withheld whole.
        Assert.Equal(3, kb.RootElement.GetProperty("diseases")[0].GetProperty("estimated").GetProperty("patients").GetInt32());
        Assert.Equal(0, kb.RootElement.GetProperty("diseases")[1].GetProperty("estimated").GetProperty("patients").GetInt32());
    }

    [Fact]
    public void Kb_NotADdxPlusFolder_Exit2()
    {
        using var dir = new TempDir();

        var run = CliRun.Of("cases", "kb", "--ddxplus", dir.Path, "--out", dir.Sub("kb.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a DDXPlus folder: release_evidences.json is missing", run.Error);
        Assert.False(File.Exists(dir.Sub("kb.json")));
    }
}
