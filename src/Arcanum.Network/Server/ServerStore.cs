using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Arcanum.Network.Server;

/// <summary>A job as the server keeps it.</summary>
public sealed record JobRow(
    string Id, long Sequence, string Name, string SpecJson, string State, string SubmittedBy, long SubmittedMs, long? StartedMs, long? FinishedMs,
    string? Message, string? ParticipantsCsv, string? SetupJson, int RoundsDone, string? Metric, double? MetricValue, string? SiteRowsJson = null)
{
    public IReadOnlyList<string> Participants => string.IsNullOrEmpty(ParticipantsCsv) ? [] : ParticipantsCsv.Split(',');

    public bool IsFinished => State is JobStates.Completed or JobStates.Failed or JobStates.Aborted;
}

public static class JobStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Aborted = "aborted";
}

/// <summary>
/// One site's figures for one round: training (when it trained) and evaluation (when it evaluated).
/// <see cref="HistogramsJson"/>: the evaluation's score histograms (sparse, as on the wire), kept so
/// the result files pool AUROC and AUPRC as the job did. <see cref="Epsilon"/>: under DP, what the site had spent.
/// <see cref="SegmentationJson"/>: a segmentation evaluation's counts (patients, overlap), which pool its Dice exactly.
/// </summary>
public sealed record RoundSiteRow(int Round, string Site, bool Participated, long TrainSamples, double? TrainLoss, long HoldoutRows, string? MetricsJson, string? CalibrationJson,
    string? HistogramsJson = null, double? Epsilon = null, string? SegmentationJson = null);

/// <summary>
/// The server's durable state in one SQLite file: jobs, per-round figures, job events, the site
/// registry and the audit log. Every change is one transaction, so a server killed at any instant
/// restarts from a consistent state. Thread-safe (one connection per call; SQLite serialises writers).
/// </summary>
public sealed class ServerStore
{
    private readonly string _connectionString;

    public ServerStore(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var c = Open();
        Execute(c, null, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS jobs(
              id TEXT PRIMARY KEY, seq INTEGER NOT NULL, name TEXT NOT NULL, spec_json TEXT NOT NULL, state TEXT NOT NULL,
              submitted_by TEXT NOT NULL, submitted_ms INTEGER NOT NULL, started_ms INTEGER, finished_ms INTEGER, message TEXT,
              participants TEXT, setup_json TEXT, rounds_done INTEGER NOT NULL DEFAULT 0, metric TEXT, metric_value REAL, site_rows TEXT);
            CREATE TABLE IF NOT EXISTS round_sites(
              job_id TEXT NOT NULL, round INTEGER NOT NULL, site TEXT NOT NULL, participated INTEGER NOT NULL, train_samples INTEGER NOT NULL,
              train_loss REAL, holdout_rows INTEGER NOT NULL DEFAULT 0, metrics_json TEXT, calibration_json TEXT, histograms_json TEXT,
              PRIMARY KEY(job_id, round, site));
            CREATE TABLE IF NOT EXISTS events(id INTEGER PRIMARY KEY AUTOINCREMENT, job_id TEXT NOT NULL, ts INTEGER NOT NULL, text TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS sites(
              name TEXT PRIMARY KEY, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, datasets TEXT NOT NULL,
              policy TEXT NOT NULL, cert_not_after TEXT NOT NULL, software TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS audit(
              id INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL,
              target TEXT NOT NULL, allowed INTEGER NOT NULL, detail TEXT NOT NULL);
            """);
        AddColumnIfMissing(c, "round_sites", "histograms_json", "TEXT");
        AddColumnIfMissing(c, "round_sites", "epsilon", "REAL");   // workspaces from before DP
        AddColumnIfMissing(c, "round_sites", "segmentation_json", "TEXT");   // and from before network segmentation
    }

    public void InsertJob(JobRow job)
    {
        using var c = Open();
        Execute(c, null, "INSERT INTO jobs(id, seq, name, spec_json, state, submitted_by, submitted_ms, message) VALUES($id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM jobs), $name, $spec, $state, $by, $ms, $message)",
            ("$id", job.Id), ("$name", job.Name), ("$spec", job.SpecJson), ("$state", job.State), ("$by", job.SubmittedBy), ("$ms", job.SubmittedMs), ("$message", job.Message));
    }

    public JobRow? GetJob(string id) => QueryJobs("WHERE id = $id", ("$id", id)).FirstOrDefault();

    public IReadOnlyList<JobRow> ListJobs() => QueryJobs("ORDER BY seq");

    public IReadOnlyList<JobRow> JobsInState(string state) => QueryJobs("WHERE state = $s ORDER BY seq", ("$s", state));

    public void UpdateJob(string id, string? state = null, string? message = null, long? startedMs = null, long? finishedMs = null,
        string? participantsCsv = null, string? setupJson = null, string? metric = null, double? metricValue = null, string? siteRowsJson = null)
    {
        using var c = Open();
        Execute(c, null, """
            UPDATE jobs SET state = COALESCE($state, state), message = COALESCE($message, message), started_ms = COALESCE($started, started_ms),
              finished_ms = COALESCE($finished, finished_ms), participants = COALESCE($participants, participants), setup_json = COALESCE($setup, setup_json),
              metric = COALESCE($metric, metric), metric_value = COALESCE($value, metric_value), site_rows = COALESCE($rows, site_rows)
            WHERE id = $id
            """,
            ("$id", id), ("$state", state), ("$message", message), ("$started", startedMs), ("$finished", finishedMs), ("$participants", participantsCsv),
            ("$setup", setupJson), ("$metric", metric), ("$value", metricValue), ("$rows", siteRowsJson));
    }

    /// <summary>
    /// Commits a completed round in one transaction: the sites' training figures for
    /// <paramref name="round"/>, the evaluations that arrived with it (of earlier rounds) and the job's progress.
    /// The checkpoint file must be on disk before this is called: the row is what makes it count.
    /// </summary>
    public void CommitRound(string jobId, int round, IEnumerable<RoundSiteRow> rows, string? message, string? metric, double? metricValue)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        foreach (var r in rows) UpsertRoundSite(c, tx, jobId, r);
        Execute(c, tx, "UPDATE jobs SET rounds_done = $round, message = COALESCE($message, message), metric = COALESCE($metric, metric), metric_value = COALESCE($value, metric_value) WHERE id = $id",
            ("$id", jobId), ("$round", round), ("$message", message), ("$metric", metric), ("$value", metricValue));
        tx.Commit();
    }

    /// <summary>Adds evaluation figures (and training figures where given) without moving the job on.</summary>
    public void SaveRoundRows(string jobId, IEnumerable<RoundSiteRow> rows)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        foreach (var r in rows) UpsertRoundSite(c, tx, jobId, r);
        tx.Commit();
    }

    public IReadOnlyList<RoundSiteRow> RoundRows(string jobId)
    {
        using var c = Open();
        using var cmd = Command(c, null, "SELECT round, site, participated, train_samples, train_loss, holdout_rows, metrics_json, calibration_json, histograms_json, epsilon, segmentation_json FROM round_sites WHERE job_id = $id ORDER BY round, site", ("$id", jobId));
        using var r = cmd.ExecuteReader();
        var list = new List<RoundSiteRow>();
        while (r.Read())
        {
            list.Add(new RoundSiteRow(r.GetInt32(0), r.GetString(1), r.GetInt64(2) != 0, r.GetInt64(3), r.IsDBNull(4) ? null : r.GetDouble(4),
                r.GetInt64(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8),
                r.IsDBNull(9) ? null : r.GetDouble(9), r.IsDBNull(10) ? null : r.GetString(10)));
        }
        return list;
    }

    public void AddEvent(string jobId, string text, long nowMs)
    {
        using var c = Open();
        Execute(c, null, "INSERT INTO events(job_id, ts, text) VALUES($id, $ts, $text)", ("$id", jobId), ("$ts", nowMs), ("$text", text));
    }

    public IReadOnlyList<string> Events(string jobId)
    {
        using var c = Open();
        using var cmd = Command(c, null, "SELECT text FROM events WHERE job_id = $id ORDER BY id", ("$id", jobId));
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.GetString(0));
        return list;
    }

    public void UpsertSite(string name, long nowMs, string datasetsCsv, string policy, string certNotAfter, string software)
    {
        using var c = Open();
        Execute(c, null, """
            INSERT INTO sites(name, first_seen, last_seen, datasets, policy, cert_not_after, software) VALUES($n, $now, $now, $d, $p, $cert, $sw)
            ON CONFLICT(name) DO UPDATE SET last_seen = $now, datasets = $d, policy = $p, cert_not_after = $cert, software = $sw
            """, ("$n", name), ("$now", nowMs), ("$d", datasetsCsv), ("$p", policy), ("$cert", certNotAfter), ("$sw", software));
    }

    public void TouchSite(string name, long nowMs)
    {
        using var c = Open();
        Execute(c, null, "UPDATE sites SET last_seen = $now WHERE name = $n", ("$n", name), ("$now", nowMs));
    }

    public sealed record SiteRow(string Name, long FirstSeenMs, long LastSeenMs, string DatasetsCsv, string Policy, string CertNotAfter, string Software);

    public IReadOnlyList<SiteRow> Sites()
    {
        using var c = Open();
        using var cmd = Command(c, null, "SELECT name, first_seen, last_seen, datasets, policy, cert_not_after, software FROM sites ORDER BY name");
        using var r = cmd.ExecuteReader();
        var list = new List<SiteRow>();
        while (r.Read()) list.Add(new SiteRow(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6)));
        return list;
    }

    public void Audit(long nowMs, string actor, string role, string action, string target, bool allowed, string detail)
    {
        using var c = Open();
        Execute(c, null, "INSERT INTO audit(ts, actor, role, action, target, allowed, detail) VALUES($ts, $a, $r, $act, $t, $ok, $d)",
            ("$ts", nowMs), ("$a", actor), ("$r", role), ("$act", action), ("$t", target), ("$ok", allowed ? 1 : 0), ("$d", detail));
    }

    public sealed record AuditRow(long Ms, string Actor, string Role, string Action, string Target, bool Allowed, string Detail);

    /// <summary>The audit log, oldest first; with <paramref name="newest"/>, only that many of the latest entries.</summary>
    public IReadOnlyList<AuditRow> AuditLog(int? newest = null)
    {
        using var c = Open();
        using var cmd = newest is { } n
            ? Command(c, null, "SELECT ts, actor, role, action, target, allowed, detail FROM (SELECT * FROM audit ORDER BY id DESC LIMIT $n) ORDER BY id", ("$n", n))
            : Command(c, null, "SELECT ts, actor, role, action, target, allowed, detail FROM audit ORDER BY id");
        using var r = cmd.ExecuteReader();
        var list = new List<AuditRow>();
        while (r.Read()) list.Add(new AuditRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5) != 0, r.GetString(6)));
        return list;
    }

    private IReadOnlyList<JobRow> QueryJobs(string where, params (string, object?)[] args)
    {
        using var c = Open();
        using var cmd = Command(c, null, "SELECT id, seq, name, spec_json, state, submitted_by, submitted_ms, started_ms, finished_ms, message, participants, setup_json, rounds_done, metric, metric_value, site_rows FROM jobs " + where, args);
        using var r = cmd.ExecuteReader();
        var list = new List<JobRow>();
        while (r.Read())
        {
            list.Add(new JobRow(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt64(6),
                r.IsDBNull(7) ? null : r.GetInt64(7), r.IsDBNull(8) ? null : r.GetInt64(8), r.IsDBNull(9) ? null : r.GetString(9),
                r.IsDBNull(10) ? null : r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11), r.GetInt32(12),
                r.IsDBNull(13) ? null : r.GetString(13), r.IsDBNull(14) ? null : r.GetDouble(14), r.IsDBNull(15) ? null : r.GetString(15)));
        }
        return list;
    }

    private static void UpsertRoundSite(SqliteConnection c, SqliteTransaction tx, string jobId, RoundSiteRow r)
    {
        // Training figures and evaluation figures of a round arrive at different times; each write keeps what the other wrote.
        Execute(c, tx, """
            INSERT INTO round_sites(job_id, round, site, participated, train_samples, train_loss, holdout_rows, metrics_json, calibration_json, histograms_json, epsilon, segmentation_json)
            VALUES($job, $round, $site, $p, $n, $loss, $h, $m, $cal, $hist, $eps, $seg)
            ON CONFLICT(job_id, round, site) DO UPDATE SET
              participated = MAX(participated, $p), train_samples = MAX(train_samples, $n), train_loss = COALESCE($loss, train_loss),
              holdout_rows = MAX(holdout_rows, $h), metrics_json = COALESCE($m, metrics_json), calibration_json = COALESCE($cal, calibration_json),
              histograms_json = COALESCE($hist, histograms_json), epsilon = COALESCE($eps, epsilon),
              segmentation_json = COALESCE($seg, segmentation_json)
            """,
            ("$job", jobId), ("$round", r.Round), ("$site", r.Site), ("$p", r.Participated ? 1 : 0), ("$n", r.TrainSamples), ("$loss", r.TrainLoss),
            ("$h", r.HoldoutRows), ("$m", r.MetricsJson), ("$cal", r.CalibrationJson), ("$hist", r.HistogramsJson), ("$eps", r.Epsilon), ("$seg", r.SegmentationJson));
    }

    /// <summary>A workspace of an earlier version lacks columns added since; SQLite adds them in place.</summary>
    private static void AddColumnIfMissing(SqliteConnection c, string table, string column, string type)
    {
        using var cmd = Command(c, null,
            $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $name", ("$name", column));
        if ((long)cmd.ExecuteScalar()! == 0) Execute(c, null, $"ALTER TABLE {table} ADD COLUMN {column} {type}");
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    private static void Execute(SqliteConnection c, SqliteTransaction? tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        cmd.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value switch
        {
            null => DBNull.Value,
            double d when !double.IsFinite(d) => DBNull.Value,
            _ => value,
        });
        return cmd;
    }

    /// <summary>An instant as ISO-8601 UTC to the second, as kits and <c>admin sites</c> show expiry dates.</summary>
    internal static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
