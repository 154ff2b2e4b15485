using System.Globalization;
using Arcanum.Synthesis;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// Training progress for <c>synth fit</c>: a live bar with elapsed and remaining time on a terminal; otherwise
/// (a log, a pipe, CI) one line at most every <see cref="LineInterval"/>, each with an estimate of the time left,
/// so a slow fit (DP-SGD: seconds per epoch) shows it is moving without flooding a fast one's log.
/// </summary>
internal static class SynthProgress
{
    /// <summary>The shortest gap between two progress lines in a log.</summary>
    public static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(2);

    public static ISynthesizer Train(IAnsiConsole console, TimeProvider time, string kind, int epochs, Func<IProgress<TrainingProgress>, ISynthesizer> train)
    {
        if (console.Profile.Capabilities.Interactive)
        {
            ISynthesizer? result = null;
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask($"{kind}: epoch 0/{epochs}", maxValue: kind == "copula" ? 1 : epochs);
                    result = train(new Callback(p =>
                    {
                        task.Value = p.EpochsDone;
                        task.MaxValue = p.Epochs;
                        task.Description = Markup.Escape(Describe(kind, p));
                    }));
                });
            return result!;
        }
        var log = new LogLines(time, line => console.WriteLine(line), kind);
        return train(new Callback(log.Report));
    }

    public static string Describe(string kind, TrainingProgress p)
    {
        var losses = string.Join(", ", p.Losses.Select(kv => FormattableString.Invariant($"{kv.Key} {kv.Value:0.000}")));
        var epsilon = p.Epsilon is { } e ? FormattableString.Invariant($", epsilon {e:0.00}") : "";
        var step = p.Steps > 0 && p.Step < p.Steps ? FormattableString.Invariant($" (step {p.Step}/{p.Steps})") : "";
        return $"{kind}: epoch {p.Epoch}/{p.Epochs}{step}{(losses.Length > 0 ? ", " + losses : "")}{epsilon}";
    }

    /// <summary>"45 s", "3 min 20 s", "1 h 05 min".</summary>
    public static string Duration(TimeSpan span)
    {
        var seconds = Math.Max(0, (long)Math.Round(span.TotalSeconds));
        if (seconds < 60) return string.Create(CultureInfo.InvariantCulture, $"{seconds} s");
        if (seconds < 3600) return string.Create(CultureInfo.InvariantCulture, $"{seconds / 60} min {seconds % 60:00} s");
        return string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600} h {seconds / 60 % 60:00} min");
    }

    /// <summary>
    /// Throttled progress lines: the first report and the last epoch always, others (epochs or steps within one) when
    /// <see cref="LineInterval"/> has passed since the last line. Time left = mean time per epoch since the first report
    /// × epochs left (the time before the first report holds the setup, so it is left out once there is a later one).
    /// </summary>
    internal sealed class LogLines(TimeProvider time, Action<string> write, string kind)
    {
        private readonly long started = time.GetTimestamp();
        private long firstReport;
        private double firstDone = -1;
        private long? lastLine;

        public void Report(TrainingProgress p)
        {
            var now = time.GetTimestamp();
            var done = p.EpochsDone;
            if (firstDone < 0)
            {
                (firstDone, firstReport) = (done, now);
            }
            var last = done >= p.Epochs;
            if (!last && lastLine is { } previous && time.GetElapsedTime(previous, now) < LineInterval) return;
            lastLine = now;
            var elapsed = time.GetElapsedTime(started, now);
            var line = $"{Describe(kind, p)}; {Duration(elapsed)} elapsed";
            if (!last && done > 0)
            {
                var perEpoch = done > firstDone
                    ? time.GetElapsedTime(firstReport, now) / (done - firstDone)
                    : elapsed / done;
                line += $", about {Duration(perEpoch * (p.Epochs - done))} left";
            }
            write(line);
        }
    }

    /// <summary>Reports on the training thread (Progress&lt;T&gt; would post to a thread pool and reorder lines).</summary>
    private sealed class Callback(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
