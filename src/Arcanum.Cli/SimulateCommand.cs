using System.CommandLine;
using Arcanum.Core.Learning;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum simulate</c>: a federated study with every site in this process, compared in the same
/// run with central (pooled) and local (single-site) training. Options override the job file,
/// which overrides the defaults.
/// </summary>
internal static class SimulateCommand
{
    private static readonly JobSpec Defaults = new();

    private static string D(string description, object shownDefault) => SimulateOptions.WithDefault(description, shownDefault);

    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var job = new Option<FileInfo?>("--job") { Description = "A job file (JSON); options given here override it." };
        var data = new Option<string?>("--data") { Description = D($"A bundled dataset (see `arcanum datasets`), {StudyBuilder.FashionMnistName}, a CSV path, or an image folder (<site>/<patient>/<slice>.png with <slice>_mask.png; TIFF, NIfTI and DICOM too).", Defaults.Data) };
        var task = new Option<string?>("--task") { Description = D($"{JobSpec.ClassificationTask}, or {JobSpec.SegmentationTask} (an image folder with masks; the model is then unet).", Defaults.Task) };
        var imageSize = SimulateOptions.WholeNumber("--image-size", "Image folders: resize images and masks to N x N pixels.", JobSpec.DefaultImageSize);
        var noAugment = new Option<bool>("--no-augment") { Description = "Images: train without random flips, rotations and intensity changes (on by default for segmentation)." };
        var target = new Option<string?>("--target") { Description = "The column to predict (bundled datasets have a default)." };
        var positive = new Option<string?>("--positive") { Description = "The target value that counts as positive; without it a two-valued target uses its last value in sorted order, and more values give a multi-class task." };
        var siteColumn = new Option<string?>("--site-column") { Description = "The column whose values are the sites (e.g. hospital). pbc3 defaults to unit. For an image folder, a column of the CSV table at its top level (one row per patient); without it, the top folders are the sites." };
        var sites = SimulateOptions.WholeNumber("--sites", "Split the rows into N synthetic sites instead of using a site column.", $"the data's site column, else {StudyBuilder.DefaultSiteCount}");
        var split = new Option<string?>("--split") { Description = D("How --sites splits rows: iid, dirichlet:ALPHA (label skew) or quantity:BETA (size skew).", Defaults.Split) };
        var exclude = new Option<string[]>("--exclude") { Description = "Columns never used as features (repeatable).", AllowMultipleArgumentsPerToken = true };
        var algorithm = new Option<string?>("--algorithm") { Description = D($"{string.Join(", ", AlgorithmRegistry.Names)}.", Defaults.Algorithm) };
        var rounds = SimulateOptions.WholeNumber("--rounds", "Federated rounds.", Defaults.Rounds);
        var localEpochs = SimulateOptions.WholeNumber("--local-epochs", "Epochs each site trains per round.", Defaults.LocalEpochs);
        var batchSize = SimulateOptions.WholeNumber("--batch-size", "Rows per training step.", Defaults.BatchSize);
        var lr = SimulateOptions.Number("--lr", "Local learning rate.", Defaults.LearningRate);
        var lrSchedule = new Option<string?>("--lr-schedule") { Description = D("How lr changes over the rounds: constant, cosine, cosine:MIN (decay towards MIN x lr) or step:EVERY[:GAMMA] (x GAMMA, default 0.1, every EVERY rounds).", Defaults.LrSchedule) };
        var localLrSchedule = new Option<string?>("--local-lr-schedule") { Description = D("How the rate changes over the steps of each round's local training, from the round's rate; same forms as --lr-schedule (step counts optimizer steps).", Defaults.LocalLrSchedule) };
        var optimizer = new Option<string?>("--optimizer") { Description = D("Local optimizer: sgd (momentum 0.9) or adam.", Defaults.Optimizer) };
        var model = new Option<string?>("--model") { Description = D("logreg, mlp, cnn (images) or unet (segmentation).", $"{Defaults.Model}; unet for segmentation") };
        var hidden = SimulateOptions.WholeNumbers("--hidden", "MLP hidden layer sizes, e.g. --hidden 64 32; for the unet, the channel widths of its levels.", $"64 32 for tables, 256 128 for images, {string.Join(" ", ModelSpec.DefaultUNetWidths)} for the unet");
        var fraction = SimulateOptions.Number("--fraction", "Fraction of sites sampled each round, in (0, 1].", Defaults.Fraction);
        var minSites = SimulateOptions.WholeNumber("--min-sites", "Fewest sites per round.", Defaults.MinSites);
        var mu = SimulateOptions.Number("--mu", "FedProx proximal weight.", Defaults.Mu);
        var serverLr = SimulateOptions.Number("--server-lr", "Server learning rate (FedOpt family, FedAvgM, SCAFFOLD).", "0.1 for fedadam, fedyogi and fedadagrad; 1 otherwise");
        var classWeights = new Option<string?>("--class-weights") { Description = D("none or balanced.", Defaults.ClassWeights) };
        var holdout = SimulateOptions.Number("--holdout", "Share of each site's rows held out for evaluation.", Defaults.Holdout);
        var seed = SimulateOptions.WholeNumber("--seed", "Same seed, same numbers.", Defaults.Seed);
        var secure = new Option<bool>("--secure-aggregation") { Description = "Secure aggregation (SecAgg+): the server learns only the sum of the sites' updates. Needs --min-sites 3 or more." };
        var dpEpsilon = SimulateOptions.Number("--dp-epsilon", "Train with DP-SGD at every site, spending at most this epsilon per site over the job.", "no DP");
        var dpDelta = SimulateOptions.Number("--dp-delta", "The delta of the DP guarantee (below 1 / a site's rows).", new SampleDpOptions().Delta);
        var dpClip = SimulateOptions.Number("--dp-clip", "DP-SGD's per-record gradient clipping norm.", new SampleDpOptions().Clip);
        var output = new Option<string?>("--out") { Description = D("Output folder.", "runs/<name>-<time>") };
        var force = new Option<bool>("--force") { Description = "Replace the output folder if it exists." };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var parallel = SimulateOptions.WholeNumber("--parallel", "Sites trained at once.", "the number of cores");

        var command = new Command("simulate", "Run a federated study on one machine, with central and local baselines, and write summary.json, rounds.csv, model.safetensors and report.html.")
        {
            job, data, task, imageSize, noAugment, target, positive, siteColumn, sites, split, exclude, algorithm, rounds, localEpochs, batchSize, lr, lrSchedule, localLrSchedule, optimizer,
            model, hidden, fraction, minSites, mu, serverLr, classWeights, holdout, seed, secure, dpEpsilon, dpDelta, dpClip, output, force, device, parallel,
        };

        command.Add(SimulateStatsCommand.Create(console, error));
        command.SetAction((parse, cancellationToken) =>
        {
            return Task.FromResult(SimulateRunner.Run(console, error, () =>
            {
                var baseJob = parse.GetValue(job) is { } file ? JobSpec.Load(file.FullName) : new JobSpec();
                var ex = parse.GetValue(exclude);
                var hid = parse.GetValue(hidden);
                var taskName = parse.GetValue(task) ?? baseJob.Task;
                return baseJob with
                {
                    Data = parse.GetValue(data) ?? baseJob.Data,
                    Task = taskName,
                    ImageSize = parse.GetValue(imageSize) ?? baseJob.ImageSize,
                    Augment = parse.GetValue(noAugment) ? false : baseJob.Augment,
                    Target = parse.GetValue(target) ?? baseJob.Target,
                    Positive = parse.GetValue(positive) ?? baseJob.Positive,
                    SiteColumn = parse.GetValue(siteColumn) ?? (parse.GetValue(sites) is null ? baseJob.SiteColumn : null),
                    Sites = parse.GetValue(sites) ?? (parse.GetValue(siteColumn) is null ? baseJob.Sites : null),
                    Split = parse.GetValue(split) ?? baseJob.Split,
                    Exclude = ex is { Length: > 0 } ? ex : baseJob.Exclude,
                    Algorithm = parse.GetValue(algorithm) ?? baseJob.Algorithm,
                    Rounds = parse.GetValue(rounds) ?? baseJob.Rounds,
                    LocalEpochs = parse.GetValue(localEpochs) ?? baseJob.LocalEpochs,
                    BatchSize = parse.GetValue(batchSize) ?? baseJob.BatchSize,
                    LearningRate = parse.GetValue(lr) ?? baseJob.LearningRate,
                    LrSchedule = parse.GetValue(lrSchedule) ?? baseJob.LrSchedule,
                    LocalLrSchedule = parse.GetValue(localLrSchedule) ?? baseJob.LocalLrSchedule,
                    Optimizer = parse.GetValue(optimizer) ?? baseJob.Optimizer,
                    // Segmentation has one model: asking for the task is enough.
                    Model = parse.GetValue(model) ?? (taskName == JobSpec.SegmentationTask && baseJob.Model == Defaults.Model ? "unet" : baseJob.Model),
                    Hidden = hid is { Length: > 0 } ? hid : baseJob.Hidden,
                    Fraction = parse.GetValue(fraction) ?? baseJob.Fraction,
                    MinSites = parse.GetValue(minSites) ?? baseJob.MinSites,
                    Mu = parse.GetValue(mu) ?? baseJob.Mu,
                    ServerLearningRate = parse.GetValue(serverLr) ?? baseJob.ServerLearningRate,
                    ClassWeights = parse.GetValue(classWeights) ?? baseJob.ClassWeights,
                    Holdout = parse.GetValue(holdout) ?? baseJob.Holdout,
                    Seed = parse.GetValue(seed) ?? baseJob.Seed,
                    SecureAggregation = parse.GetValue(secure) || baseJob.SecureAggregation,
                    Dp = Dp(baseJob.Dp, parse.GetValue(dpEpsilon), parse.GetValue(dpDelta), parse.GetValue(dpClip)),
                };
            }, new SimulateSettings(parse.GetValue(output), parse.GetValue(force), parse.GetValue(device) ?? "cpu", parse.GetValue(parallel)), cancellationToken));
        });
        return command;
    }

    /// <summary>The job file's "dp" with the options given here on top; --dp-delta or --dp-clip alone need --dp-epsilon or a "dp" in the job.</summary>
    private static SampleDpOptions? Dp(SampleDpOptions? fromJob, double? epsilon, double? delta, double? clip)
    {
        if (epsilon is null && delta is null && clip is null) return fromJob;
        if (fromJob is null && epsilon is null)
            throw new JobSpecException("--dp-delta and --dp-clip tune differential privacy; turn it on with --dp-epsilon (or \"dp\" in the job file).");
        var dp = fromJob ?? new SampleDpOptions();
        return dp with { Epsilon = epsilon ?? dp.Epsilon, Delta = delta ?? dp.Delta, Clip = clip ?? dp.Clip };
    }
}
