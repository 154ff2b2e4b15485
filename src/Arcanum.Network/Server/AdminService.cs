using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Arcanum.Federated.Jobs;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;
using Arcanum.Provisioning;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Server;

/// <summary>
/// The admin-facing service. Roles come from the caller's certificate: a project admin may do
/// everything; a site admin sees its own site and the jobs' progress, and may not submit, abort or
/// download. Every call, allowed or not, is written to the audit log.
/// </summary>
public sealed class AdminService(ServerContext server, JobScheduler scheduler) : Admin.AdminBase
{
    public override Task<SubmitJobReply> SubmitJob(SubmitJobRequest request, ServerCallContext context)
    {
        var who = Authorize(context, "submit", "(new job)", projectAdminOnly: true);
        JobSpec job;
        try
        {
            if (request.JobJson.Length > 1 << 20) throw new JobSpecException("The job file is larger than 1 MiB.");
            job = JobSpec.Parse(request.JobJson);
            if (job.Data.Equals("fashion-mnist", StringComparison.OrdinalIgnoreCase) || job.Model is "cnn")
                throw new JobSpecException("Network jobs train on tables (CSV files), segment images (image folders with masks, \"task\": \"segmentation\") " +
                    "train a note generator (folders of notes, \"task\": \"notes\") or an MRI generator (image folders with masks, \"task\": \"image_synthesis\"), " +
                    "as the sites map them with --data; fashion-mnist and the cnn model are simulation-only.");
            if (job.IsSegmentation) CheckModel(job);
            if (job.IsNotes)
            {
                CheckJobModel(job, server.FunctionModel(job));
                job = job with { Notes = job.NotesOptions };   // the sites get every setting, defaults filled in
            }
            if (job.IsImageSynthesis)
            {
                CheckJobModel(job, server.GanModel(job));
                job = job with { Synthesis = job.SynthesisOptions, ImageSize = job.ImageSize ?? SynthesisJobOptions.DefaultImageSize };
            }
            CheckSomeSiteOffers(job.Data);
        }
        catch (JobSpecException e)
        {
            Audit(who, "submit", "(new job)", false, e.Message);
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        var id = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}";
        var active = server.Store.ListJobs().Where(j => j.State is JobStates.Queued or JobStates.Running).ToList();
        var ahead = active.Count;
        var waiting = ahead < server.MaxConcurrentJobs ? "queued" : $"queued behind {string.Join(", ", active.Select(j => $"{j.Id} ({j.State})"))}; max_concurrent_jobs is {server.MaxConcurrentJobs}";
        server.Store.InsertJob(new JobRow(id, 0, job.DisplayName, job.ToJson(), JobStates.Queued, who.Name, server.NowMs, null, null, waiting, null, null, 0, null, null));
        Audit(who, "submit", id, true, job.DisplayName);
        server.Logger.LogInformation("{Admin} submitted job {Job} ({Name})", who.Name, id, job.DisplayName);
        scheduler.Wake();
        return Task.FromResult(new SubmitJobReply { JobId = id, QueuePosition = ahead });
    }

    /// <summary>
    /// A segmentation job's U-Net fits its image size (widths, levels) whatever the sites' channel count: refuse it now,
    /// not after the sites have loaded their images.
    /// </summary>
    private static void CheckModel(JobSpec job)
    {
        var size = job.ImageSize ?? JobSpec.DefaultImageSize;
        try
        {
            Federated.Simulation.StudyModel.Spec(job, [1, size, size], 2, job.Data).Validate();
        }
        catch (ArgumentException e)
        {
            throw new JobSpecException(e.Message);
        }
    }

    /// <summary>A notes or image-synthesis job needs a server that was given its model (<paramref name="model"/>), and a model it can build.</summary>
    private static void CheckJobModel(JobSpec job, Federated.Simulation.IJobModel? model)
    {
        if (model is null)
            throw new JobSpecException($"This server cannot run \"task\": \"{job.Task}\" jobs: it was started without that model (arcanum server has it; an embedded server must be given it).");
        try
        {
            model.Check(job);
        }
        catch (ArgumentException e)
        {
            throw new JobSpecException(e.Message);
        }
    }

    /// <summary>A job for a dataset that no site has ever offered would wait forever: refuse it and say what sites offer.</summary>
    private void CheckSomeSiteOffers(string dataset)
    {
        var offered = server.Store.Sites().SelectMany(s => s.DatasetsCsv.Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (offered.Contains(dataset, StringComparer.Ordinal)) return;
        throw new JobSpecException(offered.Count == 0
            ? $"No site has registered yet, so none offers dataset '{dataset}'. Start the sites (arcanum site --data {dataset}=FILE.csv) and submit again."
            : $"No registered site offers dataset '{dataset}'. Sites offer: {string.Join(", ", offered)}. (\"data\" is the NAME a site maps with --data NAME=FILE.csv.)");
    }

    public override Task<ListAuditReply> ListAudit(ListAuditRequest request, ServerCallContext context)
    {
        var who = Authorize(context, "audit", "(audit log)", projectAdminOnly: true);
        var limit = request.Limit <= 0 ? 50 : Math.Min(request.Limit, 10_000);
        Audit(who, "audit", "(audit log)", true, "");
        var reply = new ListAuditReply();
        reply.Entries.AddRange(server.Store.AuditLog(limit).Select(a => new AuditEntry
        {
            UnixMs = a.Ms, Actor = a.Actor, Role = a.Role, Action = a.Action, Target = a.Target, Allowed = a.Allowed, Detail = a.Detail,
        }));
        return Task.FromResult(reply);
    }

    /// <summary>A statistics query over the online sites holding its dataset; each site applies its own policy.</summary>
    public override async Task<QueryStatisticsReply> QueryStatistics(QueryStatisticsRequest request, ServerCallContext context)
    {
        var who = Authorize(context, "stats", "(statistics)", projectAdminOnly: true);
        string data;
        Federated.Statistics.StatisticsQuery query;
        try
        {
            if (WireSchemas.Check(WireDocument.StatisticsQuery, request.QueryJson) is { } why)
                throw new Federated.Statistics.StatisticsException($"The statistics query is not valid: {why}");
            (data, query) = Federated.Statistics.StatisticsQueryJson.Parse(request.QueryJson);
        }
        catch (Federated.Statistics.StatisticsException e)
        {
            Audit(who, "stats", "(statistics)", false, e.Message);
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        var timeout = QueryTimeout(request.TimeoutS);
        QueryStatisticsReply reply;
        try
        {
            reply = await SiteQueryRun.StatisticsAsync(server, data, query, timeout, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Federated.Statistics.StatisticsException e)
        {
            Audit(who, "stats", data, false, e.Message);
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
        var detail = $"columns {string.Join(",", query.Columns)}{(query.By is null ? "" : $" by {query.By}")}; " +
                     $"{reply.Refusals.Count} site(s) refused" +
                     string.Concat(reply.Refusals.Select(r => $"; {r.Site}: {r.Reason}"));
        Audit(who, "stats", data, true, detail.Length > 500 ? detail[..500] : detail);
        server.Logger.LogInformation("{Admin} queried statistics of {Data}: {Detail}", who.Name, data, detail);
        return reply;
    }

    /// <summary>
    /// Knowledge-base counts over the online sites holding a dataset: each site releases its own counts under its own
    /// minimum count, and the server adds up only what they released (it never holds a record or a withheld count).
    /// </summary>
    public override async Task<QueryCountsReply> QueryCounts(QueryCountsRequest request, ServerCallContext context)
    {
        var who = Authorize(context, "counts", "(counts)", projectAdminOnly: true);
        if (WireSchemas.Check(WireDocument.CountsQuery, request.QueryJson) is { } why)
        {
            Audit(who, "counts", "(counts)", false, why);
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"The counts query is not valid: {why}"));
        }
        var data = JsonNode.Parse(request.QueryJson)!["data"]!.GetValue<string>();
        var timeout = QueryTimeout(request.TimeoutS);
        QueryCountsReply reply;
        Cases.DdxPlus.DdxPlusCountsDocument sum;
        try
        {
            (reply, sum) = await SiteQueryRun.CountsAsync(server, data, request.QueryJson, timeout, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Federated.Statistics.StatisticsException or Cases.CasesException)
        {
            Audit(who, "counts", data, false, e.Message);
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
        var detail = $"{sum.Patients} patient(s) counted, {sum.Withheld} group(s) withheld; " +
                     $"{reply.Refusals.Count} site(s) refused" + string.Concat(reply.Refusals.Select(r => $"; {r.Site}: {r.Reason}"));
        Audit(who, "counts", data, true, detail.Length > 500 ? detail[..500] : detail);
        server.Logger.LogInformation("{Admin} queried knowledge-base counts of {Data}: {Detail}", who.Name, data, detail);
        return reply;
    }

    /// <summary>How long a query waits for the sites: the request's seconds (0: 60), at most 600.</summary>
    private static TimeSpan QueryTimeout(int seconds) => TimeSpan.FromSeconds(seconds <= 0 ? 60 : Math.Min(seconds, 600));

    public override Task<ListJobsReply> ListJobs(ListJobsRequest request, ServerCallContext context)
    {
        var who = Authorize(context, "list", "(jobs)", projectAdminOnly: false);
        var reply = new ListJobsReply();
        reply.Jobs.AddRange(server.Store.ListJobs().Select(j => Info(j, who)));
        Audit(who, "list", "(jobs)", true, "");
        return Task.FromResult(reply);
    }

    public override Task<JobInfo> GetJob(GetJobRequest request, ServerCallContext context)
    {
        var who = Authorize(context, "status", request.JobId, projectAdminOnly: false);
        var job = Find(request.JobId, who, "status");
        Audit(who, "status", job.Id, true, "");
        return Task.FromResult(Info(job, who));
    }

    public override Task<JobInfo> AbortJob(GetJobRequest request, ServerCallContext context)
    {
        var who = Authorize(context, "abort", request.JobId, projectAdminOnly: true);
        var job = Find(request.JobId, who, "abort");
        if (job.IsFinished)
        {
            Audit(who, "abort", job.Id, false, $"already {job.State}");
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Job {job.Id} is already {job.State}."));
        }
        if (job.State == JobStates.Queued) server.Store.UpdateJob(job.Id, state: JobStates.Aborted, finishedMs: server.NowMs, message: "aborted by an admin before it started");
        else scheduler.Abort(job.Id);
        Audit(who, "abort", job.Id, true, "");
        server.Logger.LogInformation("{Admin} aborted job {Job}", who.Name, job.Id);
        return Task.FromResult(Info(server.Store.GetJob(job.Id)!, who));
    }

    public override async Task DownloadResults(GetJobRequest request, IServerStreamWriter<ResultFileChunk> responseStream, ServerCallContext context)
    {
        var who = Authorize(context, "download", request.JobId, projectAdminOnly: true);
        var job = Find(request.JobId, who, "download");
        var directory = JobRun.ResultsDirectory(server.Workspace, job.Id);
        if (job.State != JobStates.Completed || !Directory.Exists(directory))
        {
            Audit(who, "download", job.Id, false, $"job is {job.State}");
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Job {job.Id} is {job.State}; results exist once it has completed."));
        }
        Audit(who, "download", job.Id, true, "");
        // Each chunk wraps the read buffer without a copy: WriteAsync has serialised it when it returns, so reuse is safe.
        var buffer = new byte[Payloads.ChunkBytes];
        foreach (var path in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            await using var file = File.OpenRead(path);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long offset = 0;
            while (true)
            {
                var n = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, context.CancellationToken).ConfigureAwait(false);
                sha.AppendData(buffer, 0, n);
                var last = file.Position == file.Length;
                await responseStream.WriteAsync(new ResultFileChunk
                {
                    FileName = name, Offset = offset, Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, n)),
                    Sha256 = last ? Convert.ToHexStringLower(sha.GetHashAndReset()) : "",
                }).ConfigureAwait(false);
                offset += n;
                if (last) break;
            }
        }
    }

    public override Task<ListSitesReply> ListSites(ListSitesRequest request, ServerCallContext context)
    {
        var who = Authorize(context, "sites", "(sites)", projectAdminOnly: false);
        var reply = new ListSitesReply { ServerCertificateExpires = server.ServerCertificateExpires };
        server.Registry.Recheck();
        foreach (var s in server.Store.Sites())
        {
            if (!Sees(who, s.Name)) continue;
            var live = server.Registry.Get(s.Name);
            var info = new SiteInfo
            {
                Name = s.Name,
                State = server.Registry.StateOf(s.Name),
                LastSeenUnixMs = live is null ? s.LastSeenMs : Interlocked.Read(ref live.LastSeenMs),
                CertificateExpires = s.CertNotAfter,
                Software = s.Software,
                Policy = s.Policy,
            };
            info.Datasets.AddRange(s.DatasetsCsv.Split(',', StringSplitOptions.RemoveEmptyEntries));
            reply.Sites.Add(info);
        }
        Audit(who, "sites", "(sites)", true, "");
        return Task.FromResult(reply);
    }

    private JobInfo Info(JobRow j, Caller.Identity who)
    {
        var job = JobSpec.Parse(j.SpecJson);
        var info = new JobInfo
        {
            JobId = j.Id, Name = j.Name, State = j.State, SubmittedBy = j.SubmittedBy, SubmittedUnixMs = j.SubmittedMs, FinishedUnixMs = j.FinishedMs ?? 0,
            RoundsDone = j.RoundsDone, RoundsTotal = job.Rounds, Message = j.Message ?? "", Metric = j.Metric ?? "", MetricValue = j.MetricValue ?? double.NaN,
        };
        info.Sites.AddRange(j.Participants.Where(s => Sees(who, s)));
        info.Events.AddRange(server.Store.Events(j.Id).Where(e => IsProjectAdmin(who) || e.Contains(who.Participant.AdminSite ?? "\0", StringComparison.Ordinal)));
        return info;
    }

    private JobRow Find(string id, Caller.Identity who, string action)
    {
        var job = server.Store.GetJob(id ?? "");
        if (job is not null) return job;
        Audit(who, action, id ?? "", false, "no such job");
        throw new RpcException(new Status(StatusCode.NotFound, $"There is no job '{id}'. `arcanum admin list` shows the jobs."));
    }

    private Caller.Identity Authorize(ServerCallContext context, string action, string target, bool projectAdminOnly)
    {
        var who = Caller.Of(context, server);
        if (who.Participant.Kind != ParticipantKind.Admin)
        {
            server.Store.Audit(server.NowMs, who.Name, who.Participant.Kind.ToString().ToLowerInvariant(), action, target, false, "not an admin");
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"'{who.Name}' is not an admin."));
        }
        if (projectAdminOnly && !IsProjectAdmin(who))
        {
            Audit(who, action, target, false, "needs the project-admin role");
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"'{action}' needs the project-admin role; {who.Name} is a site admin of {who.Participant.AdminSite}."));
        }
        return who;
    }

    private static bool IsProjectAdmin(Caller.Identity who) => who.Participant.AdminRole == AdminRole.ProjectAdmin;

    private static bool Sees(Caller.Identity who, string site) => IsProjectAdmin(who) || string.Equals(who.Participant.AdminSite, site, StringComparison.Ordinal);

    private void Audit(Caller.Identity who, string action, string target, bool allowed, string detail)
    {
        var now = server.NowMs;
        // `status --wait` polls every second: an identical read within a minute adds nothing to the log.
        if (allowed && action is "status" or "list" or "sites" or "audit")
        {
            var key = $"{who.Name}\n{action}\n{target}";
            var last = server.RecentReads.GetValueOrDefault(key);
            if (last != 0 && now - last < 60_000) return;
            server.RecentReads[key] = now;
        }
        server.Store.Audit(now, who.Name, IsProjectAdmin(who) ? "project-admin" : $"site-admin:{who.Participant.AdminSite}", action, target, allowed, detail);
    }
}
