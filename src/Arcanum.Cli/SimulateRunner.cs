using System.Globalization;
using Arcanum.Data;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Reports;
using Arcanum.Federated.Simulation;
using Arcanum.Torch;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>Runs a simulation for the CLI: validate everything first, train, write, print.</summary>
internal static class SimulateRunner
{
    public static int Run(IAnsiConsole console, TextWriter error, Func<JobSpec> buildJob, SimulateSettings settings, CancellationToken cancellationToken) => Guarded(error, () =>
    {
        var job = buildJob().Validated();
        var output = settings.Output ?? Path.Combine("runs", $"{job.DisplayName}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        StudyOutput.EnsureWritable(output, settings.Force);
        if (settings.Parallel is < 1) throw new JobSpecException($"--parallel must be at least 1 (got {settings.Parallel}).");

        var study = StudyBuilder.Load(job);
        var learner = new TorchLearner(settings.Device);
        var simulator = new FederatedSimulator(learner, new Progress(console), settings.Parallel ?? Math.Min(Environment.ProcessorCount, study.Sites.Count))
        {
            ConcurrencyChanged = trainings => TorchRuntime.SetThreads(Math.Max(1, Environment.ProcessorCount / trainings)),
        };

        console.MarkupLine($"[bold]{Markup.Escape(job.DisplayName)}[/]: {Markup.Escape(study.DataName)}, {study.Sites.Count} sites, {study.Sites.Sum(s => s.Train.Count + s.Holdout.Count)} {(study.IsSegmentation ? "images" : "rows")}, " +
                           $"{Markup.Escape(job.Algorithm)} × {job.Rounds} rounds, {Markup.Escape(job.Model)}, device {Markup.Escape(settings.Device)}");
        var result = simulator.Run(job, study, cancellationToken);
        StudyOutput.Write(result, output, settings.Force);
        ResultTable.Write(console, result);
        console.MarkupLine($"Wrote [bold]{Markup.Escape(output)}[/]: report.html, summary.json, rounds.csv, model.safetensors{(study.EncoderJson is null ? "" : ", encoding.json")}, job.json");
        return ExitCodes.Success;
    });

    /// <summary>Runs a simulate command: a user's mistake is one line and exit 2; anything else says it looks like a bug.</summary>
    public static int Guarded(TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("error: cancelled; nothing was written.");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (IsUserError(e))
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            error.WriteLine("Nothing was written. This looks like a bug in Arcanum; please report it with the command you ran.");
            return ExitCodes.Failure;
        }
    }

    private static bool IsUserError(Exception e) =>
        e is JobSpecException or DataFormatException or Arcanum.Data.Images.ImageDataException or FileNotFoundException or DirectoryNotFoundException or IOException or ArgumentException or NotSupportedException or DeviceUnavailableException or TrainingDivergedException
        or Arcanum.Federated.Statistics.StatisticsException or Arcanum.Federated.SecureAggregation.SecAggException;

    private sealed class Progress(IAnsiConsole console) : IProgress<SimulationProgress>
    {
        private readonly Lock _gate = new();

        public void Report(SimulationProgress value)
        {
            lock (_gate)
            {
                console.MarkupLine($"[grey]{Markup.Escape(value.Stage),-9}[/] {Markup.Escape(value.Message)}");
            }
        }
    }
}
