using System.Text;
using System.Text.Json.Nodes;
using Arcanum.Cases.DdxPlus;
using Arcanum.Cases.Knowledge;
using Arcanum.Network.Protocol;
using Arcanum.Network.Tests.Support;
using Grpc.Core;
using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests;

/// <summary>
/// `admin cases-kb` end to end: a knowledge base's frequencies fitted from counts that real site agents release under
/// their own minimum counts, summed by the real server over mutual TLS; no record leaves a site.
/// </summary>
[Collection("processes")]
public sealed class AdminCountsTests
{
    private const string Evidences = """
        {
          "E_1": {"name": "E_1", "code_question": "E_1", "question_en": "Fever?", "is_antecedent": false, "default_value": 0, "value_meaning": {}, "possible-values": [], "data_type": "B"},
          "E_2": {"name": "E_2", "code_question": "E_2", "question_en": "Cough?", "is_antecedent": false, "default_value": 0, "value_meaning": {}, "possible-values": [], "data_type": "B"},
          "E_3": {"name": "E_3", "code_question": "E_2", "question_en": "Cough kind?", "is_antecedent": false, "default_value": "V_1", "value_meaning": {"V_1": {"en": "dry"}, "V_2": {"en": "wet"}}, "possible-values": ["V_1", "V_2"], "data_type": "C"},
          "E_9": {"name": "E_9", "code_question": "E_9", "question_en": "Do you smoke?", "is_antecedent": true, "default_value": 0, "value_meaning": {}, "possible-values": [], "data_type": "B"}
        }
        """;

    private const string Conditions = """
        {
          "Flu": {"condition_name": "Flu", "cond-name-eng": "Flu", "icd10-id": "J10", "symptoms": {"E_1": {}, "E_2": {}, "E_3": {}}, "antecedents": {"E_9": {}}, "severity": 3},
          "Bronchitis": {"condition_name": "Bronchitis", "cond-name-eng": "Bronchitis", "icd10-id": "J40", "symptoms": {"E_2": {}, "E_3": {}}, "antecedents": {"E_9": {}}, "severity": 4},
          "Measles": {"condition_name": "Measles", "cond-name-eng": "Measles", "icd10-id": "B05", "symptoms": {"E_1": {}}, "antecedents": {}, "severity": 2}
        }
        """;

    /// <summary>A DDXPlus-format folder: the release and <paramref name="patients"/> (pathology, age, sex, evidences) as patients.csv.</summary>
    private static string Folder(InProcessServer server, string name, IEnumerable<(string Pathology, int Age, string Sex, string Evidences)> patients, bool release = true)
    {
        var folder = server.Dir.Sub(name);
        Directory.CreateDirectory(folder);
        if (release)
        {
            File.WriteAllText(Path.Combine(folder, "release_evidences.json"), Evidences);
            File.WriteAllText(Path.Combine(folder, "release_conditions.json"), Conditions);
        }
        var csv = new StringBuilder("AGE,SEX,PATHOLOGY,EVIDENCES\n");
        foreach (var p in patients) csv.Append($"{p.Age},{p.Sex},{p.Pathology},\"{p.Evidences}\"\n");
        File.WriteAllText(Path.Combine(folder, "patients.csv"), csv.ToString());
        return Path.Combine(folder, "patients.csv");
    }

    /// <summary>n patients of a pathology, ages and sexes and answers varying with i.</summary>
    private static IEnumerable<(string, int, string, string)> Patients(string pathology, int n, int seed) =>
        Enumerable.Range(0, n).Select(i => (pathology, 20 + (i * 7 + seed) % 50, i % 2 == 0 ? "F" : "M",
            pathology == "Measles" ? "['E_1']" : i % 3 == 0 ? "['E_9']" : $"['E_1', 'E_2', 'E_3_@_V_{1 + (i + seed) % 2}']"));

    [Fact]
    public async Task CasesKb_TwoSitesAndARefusal_KnowledgeBaseOfTheReleasedCountsOnly()
    {
        // Given hospital-a (40 flu, 12 bronchitis, 3 measles) and hospital-b (30 flu, 5 bronchitis) under the default minimum
        // count 10, and hospital-c, whose policy adds noise to all it releases
        string[] sites = ["hospital-a", "hospital-b", "hospital-c"];
        await using var server = await InProcessServer.StartAsync(sites: sites);
        var files = new Dictionary<string, string>
        {
            ["hospital-a"] = Folder(server, "a", [.. Patients("Flu", 40, 1), .. Patients("Bronchitis", 12, 2), .. Patients("Measles", 3, 3)]),
            ["hospital-b"] = Folder(server, "b", [.. Patients("Flu", 30, 4), .. Patients("Bronchitis", 5, 5)]),
            ["hospital-c"] = Folder(server, "c", [.. Patients("Flu", 50, 6)]),
        };
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var running = sites.Select(s => server.Agent(s, s == "hospital-c" ? new Protocol.SitePolicy { StatsEpsilon = 1 } : null,
            datasets: new Dictionary<string, string> { ["ddx"] = files[s] })).Select(a => Task.Run(() => a.RunAsync(stop.Token))).ToList();
        await server.WaitForOnlineSitesAsync(3, stop.Token);

        // When the admin builds a knowledge base from the federation
        var release = DdxPlusRelease.Read(Path.GetDirectoryName(files["hospital-a"])!);
        var kbPath = server.Dir.Sub("kb.json");
        var run = CliRun.Of("admin", "--kit", Path.Combine(server.Kits, "admin@example.org"), "cases-kb", "--data", "ddx",
            "--ddxplus", Path.GetDirectoryName(files["hospital-a"])!, "--out", kbPath);

        // Then it is the knowledge base of hospital-a's and hospital-b's guarded counts added up: a's 3 measles and b's 5
        // bronchitis were withheld at the sites, and hospital-c's noise-free counts were never released
        Assert.True(run.ExitCode == 0, run.Error);
        var guarded = new[] { "hospital-a", "hospital-b" }.Select(s => DdxPlusCounts.Of(release, DdxPlusPatients.Read(files[s])).Guarded(release, 10)).ToList();
        var built = KnowledgeBaseFile.Read(kbPath);
        var expected = DdxPlusKnowledgeBuilder.Build(release, DdxPlusCounts.Sum(release, guarded), built.Estimation!.From, 0);
        Assert.Equal(KnowledgeBaseFile.ToJson(expected), KnowledgeBaseFile.ToJson(built));
        Assert.StartsWith("dataset 'ddx' counted at 2 site(s) over the network (hospital-a, hospital-b)", built.Estimation.From, StringComparison.Ordinal);
        Assert.Contains("2 site(s) (hospital-a, hospital-b) released the counts of 82 patients' pathologies", run.Output, StringComparison.Ordinal);
        Assert.Contains("hospital-c did not answer: this site adds noise", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, built.Diseases.Single(d => d.Name == "Measles").Estimated!.Patients);
        Assert.Equal(12, built.Diseases.Single(d => d.Name == "Bronchitis").Estimated!.Patients);

        // And what the server handed the admin held only released counts: no measles, bronchitis from hospital-a alone
        var reply = await server.AdminClient().QueryCountsAsync(new QueryCountsRequest { QueryJson = """{"data": "ddx", "format": "ddxplus"}""", TimeoutS = 30 });
        var counts = DdxPlusCountsDocument.Parse(JsonNode.Parse(reply.ReportJson)!["counts"]!.ToJsonString());
        Assert.False(counts.Pathologies.ContainsKey("Measles"));
        Assert.Equal(12, counts.Pathologies["Bronchitis"].Patients);
        Assert.Equal(70, counts.Pathologies["Flu"].Patients);
        Assert.DoesNotContain("patients", JsonNode.Parse(reply.ReportJson)!["sites"]!.ToJsonString(), StringComparison.Ordinal);
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    [Fact]
    public async Task QueryCounts_NoReleaseBesideTheRecords_RefusedWithTheReasonAndAMalformedQueryIsInvalid()
    {
        // Given a site whose dataset has no release files beside it
        await using var server = await InProcessServer.StartAsync();
        var file = Folder(server, "bare", Patients("Flu", 20, 1), release: false);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var running = Task.Run(() => server.Agent("hospital-a", datasets: new Dictionary<string, string> { ["ddx"] = file }).RunAsync(stop.Token));
        await server.WaitForOnlineSitesAsync(1, stop.Token);

        // When the admin asks, then no site answered, and the admin hears the site's own reason
        var none = await Assert.ThrowsAsync<RpcException>(() => server.AdminClient().QueryCountsAsync(
            new QueryCountsRequest { QueryJson = """{"data": "ddx", "format": "ddxplus"}""", TimeoutS = 30 }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, none.StatusCode);
        Assert.Contains("hospital-a: dataset 'ddx' cannot be counted as DDXPlus records", none.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("release_evidences.json is missing", none.Status.Detail, StringComparison.Ordinal);

        // And a query of an unknown format is refused before any site is asked
        var bad = await Assert.ThrowsAsync<RpcException>(() => server.AdminClient().QueryCountsAsync(
            new QueryCountsRequest { QueryJson = """{"data": "ddx", "format": "icd"}""" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("$.format", bad.Status.Detail, StringComparison.Ordinal);
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public void CountsQuery_ARecordTheSiteCannotCount_RefusedWithoutTheRecordsValue()
    {
        // Given a site whose file holds a patient with a pathology the release does not know
        using var dir = new TempDir();
        var folder = dir.Sub("site");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "release_evidences.json"), Evidences);
        File.WriteAllText(Path.Combine(folder, "release_conditions.json"), Conditions);
        var csv = Path.Combine(folder, "patients.csv");
        File.WriteAllText(csv, "AGE,SEX,PATHOLOGY,EVIDENCES\n30,F,Flu,\"['E_1']\"\n41,M,Rare Disease X,\"['E_1']\"\n");
        var log = new List<string>();
        var task = new Protocol.Task { JobId = "counts-1", Kind = TaskKind.QueryCounts, SetupJson = """{"data": "ddx", "format": "ddxplus"}""" };

        // When it answers
        var (status, message, json) = Arcanum.Network.Site.CountsQueryHandler.Answer(task, new Dictionary<string, string> { ["ddx"] = csv }, new Protocol.SitePolicy(), log.Add);

        // Then it refuses, saying where to look, and the record's value stays in its own log
        Assert.Equal(ResultStatus.Refused, status);
        Assert.Equal("", json);
        Assert.Contains("the site's log says which", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Rare Disease X", message, StringComparison.Ordinal);
        Assert.Contains(log, l => l.Contains("Rare Disease X", StringComparison.Ordinal));
    }
}
