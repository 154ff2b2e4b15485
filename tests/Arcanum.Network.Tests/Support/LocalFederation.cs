using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Arcanum.Cli;
using Arcanum.Core.Weights;
using Arcanum.Provisioning;

namespace Arcanum.Network.Tests.Support;

/// <summary>
/// A provisioned project on 127.0.0.1 with a free port, three hospitals' CSVs cut from the bundled
/// Pima data by a <c>hospital</c> column, and helpers to start real server and site processes and
/// to run the real admin commands. Disposing kills every process and deletes everything.
/// </summary>
public sealed class LocalFederation : IDisposable
{
    public static readonly string[] SiteNames = ["hospital-a", "hospital-b", "hospital-c"];
    public const string Admin = "admin@example.org";
    public const string SiteAdmin = "it@hospital-a.example.org";

    private readonly List<ArcanumProcess> _processes = [];

    public LocalFederation(int heartbeatTimeoutSeconds = 3)
    {
        Port = FreePort();
        var yaml = Dir.File("project.yml", $"""
            name: demo
            server: {"{"} host: 127.0.0.1, port: {Port} {"}"}
            sites: [{string.Join(", ", SiteNames)}]
            admins:
              - {"{"} name: {Admin}, role: project-admin {"}"}
              - {"{"} name: {SiteAdmin}, role: site-admin, site: hospital-a {"}"}
            """);
        Provisioner.Provision(yaml, Kits);
        // Tests notice a dead site in seconds, not the default 30.
        var config = Path.Combine(Kits, "server", "kit.json");
        var json = JsonNode.Parse(File.ReadAllText(config))!;
        json["heartbeat_timeout_s"] = heartbeatTimeoutSeconds;
        File.WriteAllText(config, json.ToJsonString());
        WriteSiteData();
    }

    public TempDir Dir { get; } = new();

    public int Port { get; }

    public string Kits => Dir.Sub("kits");

    public string Kit(string name) => Path.Combine(Kits, name);

    /// <summary>Every row, with the hospital column: what <c>simulate --data</c> reads.</summary>
    public string FullCsv => Dir.Sub("pima-full.csv");

    public string SiteCsv(string site) => Dir.Sub($"{site}.csv");

    public ArcanumProcess StartServer()
    {
        var p = ArcanumProcess.Start(Dir.Path, "server", "--kit", Kit("server"));
        _processes.Add(p);
        p.WaitFor("Now listening", TimeSpan.FromSeconds(60));
        return p;
    }

    public ArcanumProcess StartSite(string site) => StartSite(site, $"pima={SiteCsv(site)}");

    /// <summary>A site offering <paramref name="data"/> (NAME=path mappings) instead of its Pima rows.</summary>
    public ArcanumProcess StartSite(string site, params string[] data)
    {
        var p = ArcanumProcess.Start(Dir.Path, ["site", "--kit", Kit(site), "--data", .. data, "--threads", "1"]);
        _processes.Add(p);
        return p;
    }

    public CliRun AdminRun(params string[] args) => AdminAs(Admin, args);

    public CliRun AdminAs(string admin, params string[] args) => CliRun.Of(["admin", "--kit", Kit(admin), .. args]);

    /// <summary>Waits until <c>admin sites</c> lists <paramref name="count"/> sites online.</summary>
    public void WaitForOnlineSites(int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = AdminRun("sites");
            var online = run.Output.Split('\n').Count(l => l.Contains(" online ", StringComparison.Ordinal));
            if (online >= count) return;
            if (DateTime.UtcNow > until) throw new TimeoutException($"{online} of {count} sites online after {timeout.TotalSeconds} s:\n{run.Output}{run.Error}");
            Thread.Sleep(250);
        }
    }

    /// <summary>The job file both worlds read: data "pima" (each site's mapping), split by "hospital" in simulation.</summary>
    public string JobFile(string name, int rounds, int localEpochs = 2, string algorithm = "fedavg", int minSites = 2, int roundTimeout = 60, string model = "logreg") =>
        Dir.File(name + ".json", $$"""
            { "name": "{{name}}", "data": "pima", "target": "diabetes", "positive": "pos", "site_column": "hospital",
              "model": "{{model}}", "algorithm": "{{algorithm}}", "rounds": {{rounds}}, "local_epochs": {{localEpochs}},
              "batch_size": 32, "lr": 0.05, "seed": 7, "min_sites": {{minSites}}, "round_timeout_s": {{roundTimeout}} }
            """);

    public string Submit(string jobFile)
    {
        var run = AdminRun("submit", jobFile);
        Assert.True(run.ExitCode == 0, run.Error);
        return run.Output.Trim();
    }

    /// <summary>The job's rounds done, from <c>admin status</c>.</summary>
    public int RoundsDone(string job)
    {
        var run = AdminRun("status", job);
        var m = System.Text.RegularExpressions.Regex.Match(run.Output, @"round (\d+)/\d+");
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    public void WaitForRounds(string job, int rounds, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (RoundsDone(job) < rounds)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"Job {job} did not reach round {rounds} in {timeout.TotalSeconds} s:\n{AdminRun("status", job).Output}");
            Thread.Sleep(100);
        }
    }

    /// <summary>Runs <c>admin status --wait</c> with a bound; returns its result.</summary>
    public CliRun WaitForJob(string job, TimeSpan timeout)
    {
        var wait = Task.Run(() => AdminRun("status", job, "--wait"));
        if (!wait.Wait(timeout)) throw new TimeoutException($"Job {job} did not finish in {timeout.TotalSeconds} s:\n{AdminRun("status", job).Output}\n{string.Join("\n---\n", _processes.Select(p => p.Output))}");
        return wait.Result;
    }

    /// <summary>The same job in the simulator, on the pooled file split by the hospital column.</summary>
    public ModelWeights Simulate(string jobFile, string output)
    {
        var run = CliRun.Of("simulate", "--job", jobFile, "--data", FullCsv, "--out", output, "--parallel", "1");
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        return SafeTensors.Read(Path.Combine(output, "model.safetensors"));
    }

    public static float MaxDifference(ModelWeights a, ModelWeights b)
    {
        Assert.Equal(a.Arrays.Select(x => x.Name).Order(), b.Arrays.Select(x => x.Name).Order());
        return a.Arrays.Max(x => x.Data.Zip(b[x.Name].Data, (p, q) => Math.Abs(p - q)).Max());
    }

    public string Logs() => string.Join("\n---\n", _processes.Select(p => p.Output));

    public void Dispose()
    {
        foreach (var p in _processes) p.Dispose();
        Dir.Dispose();
    }

    private void WriteSiteData() => WritePimaSites(FullCsv, SiteNames, SiteCsv);

    /// <summary>The bundled Pima rows with a hospital column, spread over <paramref name="sites"/>: one pooled file and one file per site.</summary>
    public static void WritePimaSites(string fullCsv, IReadOnlyList<string> sites, Func<string, string> siteCsv)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "pima_diabetes.csv"));
        var header = lines[0] + ",\"hospital\"";
        var full = new List<string> { header };
        var perSite = sites.ToDictionary(s => s, _ => new List<string> { header });
        for (var i = 1; i < lines.Length; i++)
        {
            var site = sites[(i * 7 + i / 5) % sites.Count];
            var row = $"{lines[i]},\"{site}\"";
            full.Add(row);
            perSite[site].Add(row);
        }
        File.WriteAllLines(fullCsv, full);
        foreach (var (site, rows) in perSite) File.WriteAllLines(siteCsv(site), rows);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
