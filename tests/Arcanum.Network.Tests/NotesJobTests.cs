using System.Globalization;
using System.Text.Json;
using Arcanum.Core.Weights;
using Arcanum.Network.Tests.Support;

namespace Arcanum.Network.Tests;

/// <summary>
/// A note-generator job over the network: each hospital's site holds a folder of its own clinical notes, and only
/// weights, byte counts and held-out scores travel. Real processes on 127.0.0.1, every wait bounded.
/// </summary>
[Collection("processes")]
public sealed class NotesJobTests
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(180);

    [Fact]
    public void A_notes_job_over_the_network_trains_the_in_process_federations_model_and_pools_bits_per_byte_exactly()
    {
        // Given three hospitals, each with a folder of its own notes
        using var f = new LocalFederation();
        var notes = f.Dir.Sub("notes");
        foreach (var (site, i) in LocalFederation.SiteNames.Select((s, i) => (s, i))) WriteNotes(Path.Combine(notes, site), seed: i, count: 24);
        f.StartServer();
        foreach (var s in LocalFederation.SiteNames) f.StartSite(s, $"notes={Path.Combine(notes, s)}");
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));

        // When a notes job runs on the network
        var results = Run(f, f.Dir.File("notes.json", Job(rounds: 2, minSites: 3)), "network");

        // Then it is the model the in-process federation trains from the same settings and the same notes
        var inProcess = FitInProcess(f, notes, rounds: 2, localSteps: 3);
        var difference = LocalFederation.MaxDifference(SafeTensors.Read(Path.Combine(results, "notes.safetensors")), SafeTensors.Read(Path.Combine(inProcess, "notes.safetensors")));
        Assert.True(difference < 1e-4f, $"max difference {difference}");

        // And its card says where it was trained and by whom, with each site's counts and held-out score, and the pooled
        // score is the sites' bits over their tokens
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "notes-model.json")));
        using var local = JsonDocument.Parse(File.ReadAllText(Path.Combine(inProcess, "notes-model.json")));
        var federation = card.RootElement.GetProperty("federation");
        Assert.True(federation.GetProperty("network").GetBoolean());
        var sites = federation.GetProperty("sites").EnumerateArray().ToList();
        Assert.Equal(LocalFederation.SiteNames, sites.Select(s => s.GetProperty("name").GetString()));
        var localSites = local.RootElement.GetProperty("federation").GetProperty("sites").EnumerateArray().ToList();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(localSites[i].GetProperty("training_notes").GetInt32(), sites[i].GetProperty("training_notes").GetInt32());
            Assert.Equal(localSites[i].GetProperty("training_bytes").GetInt64(), sites[i].GetProperty("training_bytes").GetInt64());
            Assert.Equal(localSites[i].GetProperty("held_out_bits_per_byte").GetDouble(), sites[i].GetProperty("held_out_bits_per_byte").GetDouble(), 3);
        }
        Assert.Equal(local.RootElement.GetProperty("held_out_bits_per_byte").GetDouble(), card.RootElement.GetProperty("held_out_bits_per_byte").GetDouble(), 3);
        var rows = File.ReadAllLines(Path.Combine(results, "rounds.csv")).Skip(1).Select(l => l.Split(',')).Where(r => r[0] == "2").ToList();
        var pooled = rows.Single(r => r[1] == "(pooled)");
        var perSite = rows.Where(r => r[1] != "(pooled)").Select(r => (Bits: double.Parse(r[5], CultureInfo.InvariantCulture), Tokens: long.Parse(r[6], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(perSite.Sum(s => s.Bits * s.Tokens) / perSite.Sum(s => s.Tokens), double.Parse(pooled[5], CultureInfo.InvariantCulture), 9);

        // And notes sample reads the downloaded model
        var sample = CliRun.Of("notes", "sample", "--model", results, "--prompt", "HPI:", "-n", "2", "--max-bytes", "40", "--out", f.Dir.Sub("generated"));
        Assert.True(sample.ExitCode == 0, sample.Error + sample.Output);
        Assert.Equal(2, Directory.GetFiles(f.Dir.Sub("generated"), "*.txt").Length);
    }

    [Fact]
    public void A_site_killed_mid_job_is_skipped_and_the_others_finish_the_note_generator()
    {
        // Given three hospitals, and a job that needs only two per round
        using var f = new LocalFederation(heartbeatTimeoutSeconds: 2);
        var notes = f.Dir.Sub("notes");
        foreach (var (site, i) in LocalFederation.SiteNames.Select((s, i) => (s, i))) WriteNotes(Path.Combine(notes, site), seed: 10 + i, count: 20);
        f.StartServer();
        var processes = LocalFederation.SiteNames.ToDictionary(s => s, s => f.StartSite(s, $"notes={Path.Combine(notes, s)}"));
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));
        var job = f.Submit(f.Dir.File("notes.json", Job(rounds: 16, minSites: 2, localSteps: 40)));

        // When one is killed mid-training
        f.WaitForRounds(job, 2, JobTimeout);
        processes["hospital-c"].Kill();
        var killedAfter = f.RoundsDone(job);
        Assert.True(killedAfter <= 12, $"the job was at round {killedAfter} of 16 when the site was killed; too late to see it go on without it");

        // Then the others finish the job, and the rounds after the kill are theirs alone
        var wait = f.WaitForJob(job, JobTimeout);
        Assert.True(wait.ExitCode == 0, wait.Output + wait.Error + f.Logs());
        var results = f.Dir.Sub("results");
        Assert.Equal(0, f.AdminRun("download", job, "--out", results).ExitCode);
        var trained = File.ReadAllLines(Path.Combine(results, "rounds.csv")).Skip(1).Select(l => l.Split(','))
            .Where(r => r[1] != "(pooled)" && r[2] == "1").ToLookup(r => int.Parse(r[0], CultureInfo.InvariantCulture), r => r[1]);
        Assert.Contains("hospital-c", trained[1]);
        Assert.All(Enumerable.Range(killedAfter + 2, 16 - killedAfter - 1), r => Assert.Equal(["hospital-a", "hospital-b"], trained[r].Order()));
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "notes-model.json")));
        Assert.True(double.IsFinite(card.RootElement.GetProperty("held_out_bits_per_byte").GetDouble()));
    }

    [Fact]
    public void A_server_killed_mid_notes_job_resumes_and_still_gives_the_in_process_model()
    {
        // Given a notes job whose server is killed after round 2 (every site needed in every round)
        using var f = new LocalFederation();
        var notes = f.Dir.Sub("notes");
        foreach (var (site, i) in LocalFederation.SiteNames.Select((s, i) => (s, i))) WriteNotes(Path.Combine(notes, site), seed: 30 + i, count: 24);
        var server = f.StartServer();
        foreach (var s in LocalFederation.SiteNames) f.StartSite(s, $"notes={Path.Combine(notes, s)}");
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));
        var job = f.Submit(f.Dir.File("notes.json", Job(rounds: 8, minSites: 3, localSteps: 30)));
        f.WaitForRounds(job, 2, JobTimeout);
        server.Kill();

        // When it restarts and the job finishes
        f.StartServer();
        var wait = f.WaitForJob(job, JobTimeout);
        Assert.True(wait.ExitCode == 0, wait.Output + wait.Error + f.Logs());
        Assert.Contains("resumed from the checkpoint of round", f.AdminRun("status", job).Output);

        // Then the model is the one the uninterrupted in-process federation trains: a site asked again for a round it had
        // trained sends the same update, rather than training it twice
        var results = f.Dir.Sub("results");
        Assert.Equal(0, f.AdminRun("download", job, "--out", results).ExitCode);
        var inProcess = FitInProcess(f, notes, rounds: 8, localSteps: 30);
        // Over 8 rounds of 30 AdamW steps the two agree only as float sums do (the server adds uploads as they arrive, and
        // training magnifies the last bits: 2.4e-4 seen); a round trained twice moves weights by up to lr x steps (0.09).
        var difference = LocalFederation.MaxDifference(SafeTensors.Read(Path.Combine(results, "notes.safetensors")), SafeTensors.Read(Path.Combine(inProcess, "notes.safetensors")));
        Assert.True(difference < 2e-3f, $"max difference {difference}");
        var rows = File.ReadAllLines(Path.Combine(results, "rounds.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(8 * 4, rows.Count);    // one row per (round, site) and the pooled one: no round lost or counted twice
    }

    [Fact]
    public void A_notes_job_under_secure_aggregation_gives_the_in_process_model_and_keeps_each_sites_bytes_from_the_server()
    {
        // Given three hospitals with the same amount of text (so weighing by KiB, as the masked sum does, and by bytes agree)
        using var f = new LocalFederation();
        var notes = f.Dir.Sub("notes");
        foreach (var (site, i) in LocalFederation.SiteNames.Select((s, i) => (s, i))) WriteNotes(Path.Combine(notes, site), seed: 40 + i, count: 24, length: 120);
        f.StartServer();
        foreach (var s in LocalFederation.SiteNames) f.StartSite(s, $"notes={Path.Combine(notes, s)}");
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));

        // When the job runs with secure aggregation (the server sees only the masked sum of the updates)
        var results = Run(f, f.Dir.File("secure.json", Job(rounds: 2, minSites: 3, more: """, "secure_aggregation": true""")), "secure");

        // Then the model is the in-process federation's, up to the quantisation's bound, and the card has no site's byte count
        var inProcess = FitInProcess(f, notes, rounds: 2, localSteps: 3);
        var difference = LocalFederation.MaxDifference(SafeTensors.Read(Path.Combine(results, "notes.safetensors")), SafeTensors.Read(Path.Combine(inProcess, "notes.safetensors")));
        Assert.True(difference < 1e-3f, $"max difference {difference}");
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "notes-model.json")));
        var federation = card.RootElement.GetProperty("federation");
        Assert.Contains("Secure aggregation", federation.GetProperty("privacy").GetString());
        Assert.All(federation.GetProperty("sites").EnumerateArray(), site =>
        {
            Assert.Equal(JsonValueKind.Null, site.GetProperty("training_bytes").ValueKind);
            Assert.True(double.IsFinite(site.GetProperty("held_out_bits_per_byte").GetDouble()));
        });
        Assert.All(File.ReadAllLines(Path.Combine(results, "rounds.csv")).Skip(1).Select(l => l.Split(',')).Where(r => r[1] != "(pooled)" && r[2] == "1"),
            r => Assert.Equal("0", r[3]));
    }

    [Fact]
    public void A_notes_job_under_dp_reports_each_sites_spend_within_the_job_epsilon()
    {
        using var f = new LocalFederation();
        var notes = f.Dir.Sub("notes");
        foreach (var (site, i) in new[] { "hospital-a", "hospital-b" }.Select((s, i) => (s, i))) WriteNotes(Path.Combine(notes, site), seed: 20 + i, count: 40);
        f.StartServer();
        foreach (var s in new[] { "hospital-a", "hospital-b" }) f.StartSite(s, $"notes={Path.Combine(notes, s)}");
        f.WaitForOnlineSites(2, TimeSpan.FromSeconds(60));

        var results = Run(f, f.Dir.File("dp.json", Job(rounds: 2, minSites: 2, more: """, "dp": { "epsilon": 8, "delta": 0.001, "clip": 1.0 }""")), "dp");

        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "notes-model.json")));
        var federation = card.RootElement.GetProperty("federation");
        Assert.Contains("DP-SGD at every site to epsilon 8", federation.GetProperty("privacy").GetString());
        Assert.All(federation.GetProperty("sites").EnumerateArray(), s => Assert.InRange(s.GetProperty("epsilon").GetDouble(), 0.01, 8.0));
        // Under DP no site sends its training loss (the loss of its notes carries no noise).
        Assert.All(File.ReadAllLines(Path.Combine(results, "rounds.csv")).Skip(1).Select(l => l.Split(',')).Where(r => r[2] == "1" && r[1] != "(pooled)"), r => Assert.Equal("", r[4]));
    }

    [Fact]
    public void A_notes_job_under_client_level_dp_records_the_servers_epsilon_on_the_card()
    {
        using var f = new LocalFederation();
        var notes = f.Dir.Sub("notes");
        foreach (var (site, i) in LocalFederation.SiteNames.Select((s, i) => (s, i))) WriteNotes(Path.Combine(notes, site), seed: 50 + i, count: 24);
        f.StartServer();
        foreach (var s in LocalFederation.SiteNames) f.StartSite(s, $"notes={Path.Combine(notes, s)}");
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));

        var results = Run(f, f.Dir.File("client-dp.json", Job(rounds: 2, minSites: 3, more: """, "client_dp": { "noise_multiplier": 1.0, "clip_norm": 0.5 }""")), "client-dp");

        // The server clipped each update and noised the sum; the card says so, with the epsilon its ledger reached after 2 rounds.
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "notes-model.json")));
        var privacy = card.RootElement.GetProperty("federation").GetProperty("privacy").GetString()!;
        Assert.Contains("Client-level DP (DP-FedAvg)", privacy);
        var epsilon = double.Parse(System.Text.RegularExpressions.Regex.Match(privacy, @"epsilon ([0-9.]+) at delta").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(Arcanum.Federated.Privacy.ClientDpAccounting.Epsilon(Arcanum.Core.Privacy.PrivacyAccountants.Prv, 1.0, 3, 3, 2, 1e-5), epsilon, 2);   // the default accountant
    }

    [Fact]
    public void A_table_site_refuses_a_notes_job_and_a_notes_site_refuses_a_table_job()
    {
        using var f = new LocalFederation();
        var notes = f.Dir.Sub("notes");
        WriteNotes(Path.Combine(notes, "hospital-a"), seed: 1, count: 10);
        WriteNotes(Path.Combine(notes, "hospital-b"), seed: 2, count: 10);
        f.StartServer();
        f.StartSite("hospital-a", $"notes={Path.Combine(notes, "hospital-a")}", $"pima={Path.Combine(notes, "hospital-a")}");
        f.StartSite("hospital-b", $"notes={Path.Combine(notes, "hospital-b")}");
        f.StartSite("hospital-c", $"notes={f.SiteCsv("hospital-c")}", $"pima={f.SiteCsv("hospital-c")}");   // a table under the notes name
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));

        var job = f.Submit(f.Dir.File("notes.json", Job(rounds: 1, minSites: 2)));
        Assert.True(f.WaitForJob(job, JobTimeout).ExitCode == 0, f.Logs());
        var status = f.AdminRun("status", job).Output;
        Assert.Contains("hospital-c did not take part", status);
        Assert.Contains("completed", status);

        var table = f.Submit(f.JobFile("pima", rounds: 1));
        f.WaitForJob(table, JobTimeout);
        Assert.Contains("hospital-a refused", f.AdminRun("status", table).Output);
    }

    private static string Job(int rounds, int minSites, int localSteps = 3, string more = "") => $$"""
        { "name": "notes", "data": "notes", "task": "notes", "algorithm": "fedavg", "rounds": {{rounds}}, "seed": 7, "min_sites": {{minSites}}, "round_timeout_s": 120,
          "notes": { "width": 16, "layers": 1, "heads": 2, "context": 32, "local_steps": {{localSteps}}, "batch_size": 4, "lr": 0.003, "holdout": 0.25 }{{more}} }
        """;

    /// <summary>The job of <see cref="Job"/> in one process (`notes fit --federated`, the site folders under <paramref name="notes"/>); returns the model folder.</summary>
    private static string FitInProcess(LocalFederation f, string notes, int rounds, int localSteps)
    {
        var output = f.Dir.Sub("in-process");
        var fit = CliRun.Of("notes", "fit", "--data", notes, "--out", output, "--federated", "--rounds", $"{rounds}", "--local-steps", $"{localSteps}",
            "--width", "16", "--layers", "1", "--heads", "2", "--context", "32", "--batch-size", "4", "--lr", "0.003", "--holdout", "0.25", "--seed", "7");
        Assert.True(fit.ExitCode == 0, fit.Error + fit.Output);
        return output;
    }

    /// <summary>Submits a job file, waits for it and downloads its results; returns their folder.</summary>
    private static string Run(LocalFederation f, string jobFile, string name)
    {
        var job = f.Submit(jobFile);
        var wait = f.WaitForJob(job, JobTimeout);
        Assert.True(wait.ExitCode == 0, wait.Output + wait.Error + f.Logs());
        Assert.Contains("completed", f.AdminRun("status", job).Output);
        var results = f.Dir.Sub(name);
        var download = f.AdminRun("download", job, "--out", results);
        Assert.True(download.ExitCode == 0, download.Error);
        return results;
    }

    /// <summary><paramref name="count"/> short made-up notes, one .txt file each, in a style of the seed's own (each exactly <paramref name="length"/> bytes when given).</summary>
    private static void WriteNotes(string folder, int seed, int count, int? length = null)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        string[] complaints = ["chest pain", "cough", "headache", "back pain", "fever", "shortness of breath", "fatigue"];
        string[] plans = ["follow up in two weeks", "start lisinopril", "order a chest x-ray", "continue metformin", "refer to cardiology"];
        for (var i = 0; i < count; i++)
        {
            var text = $"HPI: {random.Next(25, 90)} year old with {complaints[random.Next(complaints.Length)]} for {random.Next(2, 10)} days" +
                (seed % 2 == 0 ? ". Denies nausea." : ", worse at night.") + $"\nASSESSMENT AND PLAN: {plans[random.Next(plans.Length)]}.";
            if (length is { } n) text = text.Length >= n ? text[..n] : text.PadRight(n, '.');
            File.WriteAllText(Path.Combine(folder, $"note-{i:D3}.txt"), text);
        }
    }
}
