using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Arcanum.Core.IO;
using Arcanum.Federated.Jobs;
using Arcanum.Network;
using Arcanum.Network.Protocol;
using Arcanum.Provisioning;
using Grpc.Core;
using Spectre.Console;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Cli;

/// <summary><c>arcanum admin</c>: submit, watch, abort and download jobs, and list sites, with an admin kit.</summary>
internal static class AdminCommand
{
    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var kit = new Option<string>("--kit") { Description = "Your admin startup kit folder.", Required = true, Recursive = true };
        var command = new Command("admin", "Manage a running federation: submit, list, status, abort, download, sites, audit, stats, cases-kb.") { kit };
        // Following a job waits (about a minute, with backoff) for a server that is starting or restarting.
        var retry = ServerRetry.Pipeline(line => error.WriteLine(line));

        var jobFile = new Argument<FileInfo>("job") { Description = "The job file (JSON): the same file `arcanum simulate --job` reads." };
        var submit = new Command("submit", "Queue a job; prints its id.") { jobFile };
        submit.SetAction((parse, ct) => Call(parse.GetValue(kit)!, error, async admin =>
        {
            var file = parse.GetValue(jobFile)!;
            var json = File.Exists(file.FullName) ? await File.ReadAllTextAsync(file.FullName, ct) : throw new JobSpecException($"Job file '{file}' does not exist.");
            JobSpec.Parse(json, $"Job file '{file}'");   // the same checks the server makes, before the network
            var reply = await admin.SubmitJobAsync(new SubmitJobRequest { JobJson = json }, cancellationToken: ct);
            console.WriteLine(reply.JobId);
            return ExitCodes.Success;
        }));

        var list = new Command("list", "List jobs, newest last.");
        list.SetAction((parse, ct) => Call(parse.GetValue(kit)!, error, async admin =>
        {
            var reply = await admin.ListJobsAsync(new ListJobsRequest(), cancellationToken: ct);
            var table = new Table().AddColumns("job", "name", "state", "rounds", "metric", "submitted by", "message");
            foreach (var j in reply.Jobs)
                table.AddRow(Markup.Escape(j.JobId), Markup.Escape(j.Name), State(j.State), $"{j.RoundsDone}/{j.RoundsTotal}", Metric(j), Markup.Escape(j.SubmittedBy), Markup.Escape(j.Message));
            console.Write(table);
            return ExitCodes.Success;
        }));

        var jobId = new Argument<string>("job") { Description = "The job id (from submit or list)." };
        var wait = new Option<bool>("--wait")
        {
            Description = "Follow the job until it ends; exit 0 if it completed, 1 otherwise. Waits up to about a minute for a server that is starting or restarting.",
        };
        var status = new Command("status", "Show a job's state, progress and site events.") { jobId, wait };
        status.SetAction((parse, ct) => Call(parse.GetValue(kit)!, error, async admin =>
        {
            var id = parse.GetValue(jobId)!;
            var follow = parse.GetValue(wait);
            var info = follow
                ? await retry.ExecuteAsync(async t => await admin.GetJobAsync(new GetJobRequest { JobId = id }, cancellationToken: t), ct)
                : await admin.GetJobAsync(new GetJobRequest { JobId = id }, cancellationToken: ct);
            if (!follow)
            {
                Describe(console, info);
                return ExitCodes.Success;
            }
            string? last = null;
            var events = 0;
            while (true)
            {
                var line = $"{info.State}, round {info.RoundsDone}/{info.RoundsTotal}: {info.Message}{(double.IsNaN(info.MetricValue) ? "" : $" ({info.Metric} {info.MetricValue.ToString("F4", CultureInfo.InvariantCulture)})")}";
                foreach (var e in info.Events.Skip(events)) console.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss}[/] [yellow]{Markup.Escape(e)}[/]");
                events = info.Events.Count;
                if (line != last) console.MarkupLine($"[grey]{DateTime.Now:HH:mm:ss}[/] {Markup.Escape(line)}");
                last = line;
                if (info.State is "completed" or "failed" or "aborted") return info.State == "completed" ? ExitCodes.Success : ExitCodes.Failure;
                await Task.Delay(1000, ct);
                info = await retry.ExecuteAsync(async t => await admin.GetJobAsync(new GetJobRequest { JobId = id }, cancellationToken: t), ct);
            }
        }));

        var abortId = new Argument<string>("job") { Description = "The job id." };
        var abort = new Command("abort", "Stop a queued or running job.") { abortId };
        abort.SetAction((parse, ct) => Call(parse.GetValue(kit)!, error, async admin =>
        {
            var info = await admin.AbortJobAsync(new GetJobRequest { JobId = parse.GetValue(abortId)! }, cancellationToken: ct);
            console.WriteLine($"{info.JobId}: {info.State}");
            return ExitCodes.Success;
        }));

        var downloadId = new Argument<string>("job") { Description = "The job id." };
        var output = new Option<string>("--out") { Description = "Folder to write the results into (must not exist or be empty).", Required = true };
        var download = new Command("download",
            "Download a completed job's results: summary.json, rounds.csv, model.safetensors, report.html, encoding.json and job.json (a notes job: notes.safetensors, notes-model.json, rounds.csv and job.json), each checked by SHA-256.")
        { downloadId, output };
        download.SetAction((parse, ct) => Call(parse.GetValue(kit)!, error, async admin =>
        {
            var target = OutputFolder.FullPath(parse.GetValue(output)!);
            OutputFolder.EnsureEmpty(target);
            var files = await DownloadAsync(admin, parse.GetValue(downloadId)!, target, ct);
            console.MarkupLine($"Wrote [bold]{Markup.Escape(target)}[/]: {Markup.Escape(string.Join(", ", files))}");
            return ExitCodes.Success;
        }));

        var sites = new Command("sites", "List the sites: online or not, datasets, certificate expiry.");
        sites.SetAction((parse, ct) => Call(parse.GetValue(kit)!, error, async admin =>
        {
            var reply = await admin.ListSitesAsync(new ListSitesRequest(), cancellationToken: ct);
            var table = new Table().AddColumns("site", "state", "last seen", "datasets", "certificate expires", "policy");
            foreach (var s in reply.Sites)
            {
                table.AddRow(Markup.Escape(s.Name), s.State switch { "online" => "[green]online[/]", "offline" => "[red]offline[/]", _ => $"[bold red]{Markup.Escape(s.State)}[/]" },
                    DateTimeOffset.FromUnixTimeMilliseconds(s.LastSeenUnixMs).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", s.Datasets)), Markup.Escape(s.CertificateExpires), Markup.Escape(s.Policy));
            }
            console.Write(table);
            console.WriteLine($"Server certificate expires {reply.ServerCertificateExpires}.");
            return ExitCodes.Success;
        }));

        var limit = new Option<int>("--limit") { Description = "How many of the newest entries to show.", DefaultValueFactory = _ => 50 };
        var audit = new Command("audit", "Show the server's audit log: every admin call, allowed or refused, newest last (project admins).") { limit };
        audit.SetAction((parse, ct) => Call(parse.GetValue(kit)!, error, async admin =>
        {
            var reply = await admin.ListAuditAsync(new ListAuditRequest { Limit = parse.GetValue(limit) }, cancellationToken: ct);
            var table = new Table().AddColumns("time", "who", "role", "action", "target", "allowed", "detail");
            foreach (var e in reply.Entries)
            {
                table.AddRow(DateTimeOffset.FromUnixTimeMilliseconds(e.UnixMs).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(e.Actor), Markup.Escape(e.Role), Markup.Escape(e.Action), Markup.Escape(e.Target), e.Allowed ? "yes" : "[red]no[/]", Markup.Escape(e.Detail));
            }
            console.Write(table);
            return ExitCodes.Success;
        }));

        command.Add(submit);
        command.Add(list);
        command.Add(status);
        command.Add(abort);
        command.Add(download);
        command.Add(sites);
        command.Add(audit);
        command.Add(AdminStatsCommand.Create(kit, console, error));
        command.Add(AdminCasesKbCommand.Create(kit, console, error));
        return command;
    }

    /// <summary>Streams every result file into a staging folder, checks each SHA-256, then moves the folder into place.</summary>
    private static async Task<IReadOnlyList<string>> DownloadAsync(Admin.AdminClient admin, string jobId, string target, CancellationToken ct)
    {
        return await OutputFolder.WriteAsync(target, async staging =>
        {
            var names = new List<string>();
            using var call = admin.DownloadResults(new GetJobRequest { JobId = jobId }, cancellationToken: ct);
            FileStream? file = null;
            IncrementalHash? hash = null;
            try
            {
                await foreach (var chunk in call.ResponseStream.ReadAllAsync(ct))
                {
                    if (file is null)
                    {
                        var name = Path.GetFileName(chunk.FileName);
                        if (name != chunk.FileName || name.Length == 0 || name.StartsWith('.')) throw new InvalidDataException($"The server sent a file named '{chunk.FileName}'.");
                        file = new FileStream(Path.Combine(staging, name), FileMode.CreateNew);
                        hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                        names.Add(name);
                    }
                    if (chunk.Offset != file.Position) throw new InvalidDataException($"{chunk.FileName}: chunk at {chunk.Offset}, expected {file.Position}.");
                    await file.WriteAsync(chunk.Data.Memory, ct);
                    hash!.AppendData(chunk.Data.Span);
                    if (chunk.Sha256.Length > 0)
                    {
                        var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
                        if (sha != chunk.Sha256) throw new InvalidDataException($"{chunk.FileName} arrived damaged (SHA-256 {sha}, expected {chunk.Sha256}).");
                        await file.DisposeAsync();
                        hash.Dispose();
                        (file, hash) = (null, null);
                    }
                }
                if (file is not null) throw new InvalidDataException("The download ended in the middle of a file.");
            }
            finally
            {
                if (file is not null) await file.DisposeAsync();
                hash?.Dispose();
            }
            return (IReadOnlyList<string>)names;
        });
    }

    /// <summary>The <c>--timeout</c> of a query to the sites (<c>stats</c>, <c>cases-kb</c>): seconds, 60 by default.</summary>
    internal static Option<int?> QueryTimeout() => SimulateOptions.WholeNumber("--timeout", "Seconds to wait for the sites (at most 600).", 60);

    /// <summary>The seconds <see cref="QueryTimeout"/> asked for, within 1..600 (the server's own bound).</summary>
    internal static int QuerySeconds(ParseResult parse, Option<int?> timeout) => Math.Clamp(parse.GetValue(timeout) ?? 60, 1, 600);

    internal static async Task<int> Call(string kitDir, TextWriter error, Func<Admin.AdminClient, Task<int>> action)
    {
        try
        {
            var kit = StartupKit.Load(kitDir);
            if (kit.Identity.Kind != ParticipantKind.Admin) throw new ProvisioningException($"{kitDir} is a {kit.Identity.Kind.ToString().ToLowerInvariant()} kit, not an admin's.");
            using var channel = Channels.ToServer(kit);
            return await action(new Admin.AdminClient(channel));
        }
        catch (RpcException e)
        {
            error.WriteLine(e.StatusCode switch
            {
                StatusCode.Unavailable => $"error: cannot reach the server: {e.Status.Detail}",
                StatusCode.PermissionDenied => $"error: not allowed: {e.Status.Detail}",
                _ => $"error: {e.Status.Detail}",
            });
            return e.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.PermissionDenied or StatusCode.FailedPrecondition ? ExitCodes.BadInput : ExitCodes.Failure;
        }
        catch (Exception e) when (NetworkCommands.IsUserError(e) || e is InvalidDataException or Federated.Statistics.StatisticsException or Cases.CasesException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static void Describe(IAnsiConsole console, JobInfo j)
    {
        console.MarkupLine($"[bold]{Markup.Escape(j.JobId)}[/] {Markup.Escape(j.Name)}: {State(j.State)}, round {j.RoundsDone}/{j.RoundsTotal}, {Metric(j)}");
        console.MarkupLine($"  {Markup.Escape(j.Message)}");
        if (j.Sites.Count > 0) console.MarkupLine($"  sites: {Markup.Escape(string.Join(", ", j.Sites))}");
        foreach (var e in j.Events) console.MarkupLine($"  [yellow]{Markup.Escape(e)}[/]");
    }

    private static string State(string s) => s switch
    {
        "completed" => "[green]completed[/]",
        "failed" or "aborted" => $"[red]{s}[/]",
        _ => s,
    };

    private static string Metric(JobInfo j) => double.IsNaN(j.MetricValue) || j.Metric.Length == 0 ? "" : $"{j.Metric} {j.MetricValue.ToString("F4", CultureInfo.InvariantCulture)}";
}
