using System.CommandLine;
using System.Globalization;
using Arcanum.Data;
using Arcanum.Federated.Jobs;
using Arcanum.Network;
using Arcanum.Network.Protocol;
using Arcanum.Network.Site;
using Arcanum.Provisioning;
using Arcanum.Torch;
using Arcanum.Torch.Imaging;
using Arcanum.Torch.Text;
using Grpc.Core;
using Spectre.Console;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Cli;

/// <summary><c>arcanum server</c> and <c>arcanum site</c>: the two long-running processes of a federation.</summary>
internal static class NetworkCommands
{
    public static Command Server(IAnsiConsole console, TextWriter error)
    {
        var kit = new Option<string>("--kit") { Description = "The server's startup kit folder (from `arcanum provision`).", Required = true };
        var port = new Option<int?>("--port") { Description = "Listen on this port instead of the kit's." };
        var device = new Option<string>("--device") { Description = "Device for creating initial weights: cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("server", "Run the federation server: sites and admins connect to it over mutual TLS.") { kit, port, device };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var startup = StartupKit.Load(parse.GetValue(kit)!);
                var learner = new TorchLearner(parse.GetValue(device) ?? "cpu");
                await using var app = ServerHost.Build(startup, learner, parse.GetValue(port), jobModels: [new NoteJobModel(parse.GetValue(device) ?? "cpu"), new GanJobModel(parse.GetValue(device) ?? "cpu")]);
                console.MarkupLine($"[bold]arcanum server[/] for project [bold]{Markup.Escape(startup.Identity.Project)}[/] on {Markup.Escape(startup.Server!.ListenHost)}:{parse.GetValue(port) ?? startup.Server.ListenPort}; workspace {Markup.Escape(startup.Server.WorkspacePath)}");
                await app.StartAsync(ct);
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                }
                await app.StopAsync(CancellationToken.None);
                return ExitCodes.Success;
            }
            catch (Exception e) when (IsUserError(e))
            {
                error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    public static Command Site(IAnsiConsole console, TextWriter error)
    {
        var kit = new Option<string>("--kit") { Description = "This site's startup kit folder.", Required = true };
        var data = new Option<string[]>("--data") { Description = "A dataset this site offers, as NAME=path.csv, NAME=image-folder/ or NAME=notes-folder/ (repeatable). Jobs name the dataset; rows and images never leave.", Required = true, AllowMultipleArgumentsPerToken = true };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for training. [default: the number of cores]" };
        var noHistograms = new Option<bool>("--no-score-histograms")
        {
            Description = "Send no score histograms with evaluations. They let the server pool AUROC and AUPRC as the " +
                "simulator does, but on a small held-out set they show nearly every row's score and class; without " +
                "them the server reports those two as site means and says so.",
        };
        var command = new Command("site", "Run a hospital site: it registers with the server, trains on local data and returns only weights and metrics.")
        {
            kit, data, device, threads, noHistograms,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var datasets = ParseDatasets(parse.GetValue(data) ?? []);
                var startup = StartupKit.Load(parse.GetValue(kit)!);
                if (startup.Identity.Kind != ParticipantKind.Site) throw new ProvisioningException($"{parse.GetValue(kit)} is a {startup.Identity.Kind.ToString().ToLowerInvariant()} kit, not a site's.");
                var learner = new TorchLearner(parse.GetValue(device) ?? "cpu");
                TorchRuntime.SetThreads(parse.GetValue(threads) ?? Environment.ProcessorCount);
                using var channel = Channels.ToServer(startup);
                using var bulk = Channels.BulkToServer(startup);
                var policy = ToWire(startup.Policy ?? new Provisioning.SitePolicy());
                var agent = new SiteAgent(channel.CreateCallInvoker(), learner, datasets, policy,
                    line => console.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss}[/] {Markup.Escape(line)}"))
                {
                    Software = $"arcanum {typeof(NetworkCommands).Assembly.GetName().Version}",
                    Workspace = Path.Combine(startup.Directory, "workspace"),
                    ShareScoreHistograms = !parse.GetValue(noHistograms),
                    Keys = new SiteKeys(startup.Certificate, startup.CaCertificate, startup.Project),
                    Bulk = bulk,
                    JobModels = [new NoteJobModel(parse.GetValue(device) ?? "cpu"), new GanJobModel(parse.GetValue(device) ?? "cpu")],
                };
                console.MarkupLine($"[bold]arcanum site[/] {Markup.Escape(startup.Identity.Name)} → {Markup.Escape(startup.ServerHost)}:{startup.ServerPort}; datasets: {Markup.Escape(string.Join(", ", datasets.Select(d => $"{d.Key}={d.Value}")))}");
                await agent.RunAsync(ct);
                return ExitCodes.Success;
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Success;
            }
            catch (SiteStoppedException e)
            {
                error.WriteLine($"error: {e.Message}");
                return ExitCodes.Failure;
            }
            catch (Exception e) when (IsUserError(e))
            {
                error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    /// <summary>NAME=path pairs; every file must exist and read as a table, and every folder hold images with masks, now, not at the first job.</summary>
    internal static IReadOnlyDictionary<string, string> ParseDatasets(IEnumerable<string> values)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == value.Length - 1) throw new JobSpecException($"--data takes NAME=path.csv, e.g. --data pbc3=/data/pbc3.csv (got '{value}').");
            var (name, path) = (value[..eq].Trim(), Path.GetFullPath(value[(eq + 1)..].Trim()));
            if (map.ContainsKey(name)) throw new JobSpecException($"Dataset '{name}' is given twice.");
            if (Data.Text.NoteCorpus.IsNoteFolder(path))
                _ = Data.Text.NoteCorpus.Read(path);   // fail now on a note file that is not UTF-8 text
            else if (Directory.Exists(path) && !Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Any())
                throw new JobSpecException($"Dataset '{name}': folder '{path}' is empty; a dataset folder holds images with their masks (segmentation jobs) or notes as .txt or .csv files (notes jobs).");
            else if (Directory.Exists(path))
                _ = Data.Images.ImageFolder.Scan(path);   // fail now on a folder with no images, or an image without its mask
            else if (!File.Exists(path))
                throw new JobSpecException($"Dataset '{name}': '{path}' does not exist (as a CSV file or an image folder).");
            else
                _ = CsvTableReader.Read(path);   // fail now on an unreadable file, with its line and column
            map[name] = path;
        }
        if (map.Count == 0) throw new JobSpecException("Give at least one dataset with --data NAME=path.csv.");
        return map;
    }

    internal static Network.Protocol.SitePolicy ToWire(Provisioning.SitePolicy p)
    {
        var wire = new Network.Protocol.SitePolicy
        {
            MinSites = p.MinSites, MaxRounds = p.MaxRounds ?? 0, MaxEpsilon = p.MaxEpsilon ?? 0,
            StatsMinCount = p.StatsMinCount, StatsEpsilon = p.StatsEpsilon ?? 0, StatsEpsilonBudget = p.StatsEpsilonBudget ?? 0,
        };
        wire.AllowedAlgorithms.AddRange(p.AllowedAlgorithms ?? []);
        return wire;
    }

    internal static bool IsUserError(Exception e) =>
        e is ProvisioningException or JobSpecException or DataFormatException or Data.Images.ImageDataException or FileNotFoundException or DirectoryNotFoundException or IOException
            or ArgumentException or DeviceUnavailableException or System.Security.Cryptography.CryptographicException;
}
