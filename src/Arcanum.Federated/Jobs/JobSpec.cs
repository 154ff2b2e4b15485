using Arcanum.Core.Learning;
using Arcanum.Federated.Privacy;
using System.Text.Json;
using System.Text.Json.Serialization;
using Arcanum.Federated.Algorithms;

namespace Arcanum.Federated.Jobs;

/// <summary>
/// A federated study, as a data scientist writes it. The same file runs in the simulator
/// (<c>arcanum simulate --job</c>) and, later, across real sites: nothing here says how many
/// processes there are. JSON names are snake_case (<c>local_epochs</c>, <c>batch_size</c>).
/// Null means "the dataset's or the algorithm's default".
/// </summary>
public sealed record JobSpec
{
    /// <summary>A bundled dataset name (pbc3, pima, ...), a CSV path or an image folder; on a network, the name each site mapped.</summary>
    public string Data { get; init; } = "pbc3";

    /// <summary>
    /// classification (a target per row or image), segmentation (a mask per image, with the unet model) or notes (a
    /// byte-level note generator trained on each site's folder of clinical notes, with <see cref="Notes"/>).
    /// </summary>
    public string Task { get; init; } = ClassificationTask;

    /// <summary>Image folders: images (and masks) are resized to this many pixels a side; null = 128.</summary>
    public int? ImageSize { get; init; }

    /// <summary>Images: random flips, small rotations and intensity changes while training; null = on for segmentation.</summary>
    public bool? Augment { get; init; }

    public string? Name { get; init; }

    public string? Target { get; init; }

    /// <summary>The target value that counts as positive (binary task); null for multi-class or the dataset default.</summary>
    public string? Positive { get; init; }

    /// <summary>Columns never used as features (ids, follow-up times that leak the outcome).</summary>
    public IReadOnlyList<string>? Exclude { get; init; }

    /// <summary>Simulation only: the column whose values are the sites (e.g. hospital).</summary>
    public string? SiteColumn { get; init; }

    /// <summary>Simulation only: split the rows into this many synthetic sites instead of a site column.</summary>
    public int? Sites { get; init; }

    /// <summary>Simulation only: iid, dirichlet:ALPHA or quantity:BETA (with <see cref="Sites"/>).</summary>
    public string Split { get; init; } = "iid";

    public string Model { get; init; } = "logreg";

    /// <summary>Hidden layer sizes for the MLP (null = 64,32 for tables, 256,128 for images).</summary>
    public IReadOnlyList<int>? Hidden { get; init; }

    public string Algorithm { get; init; } = "fedavg";

    public int Rounds { get; init; } = 20;

    public int LocalEpochs { get; init; } = 2;

    public int BatchSize { get; init; } = 32;

    [JsonPropertyName("lr")]
    public double LearningRate { get; init; } = 0.05;

    /// <summary>
    /// How lr changes from round to round: constant, cosine, cosine:MIN or step:EVERY[:GAMMA] (see
    /// <see cref="LearningRateSchedule.Parse"/>). Round r of R trains at lr × the schedule's factor at r.
    /// </summary>
    public string LrSchedule { get; init; } = "constant";

    /// <summary>How the rate changes over the optimizer steps of one round's local training, from the round's rate down; same forms.</summary>
    public string LocalLrSchedule { get; init; } = "constant";

    /// <summary>sgd (with momentum) or adam.</summary>
    public string Optimizer { get; init; } = "sgd";

    public double Momentum { get; init; } = 0.9;

    public double WeightDecay { get; init; }

    /// <summary>none, or balanced (inverse class frequency over all training rows).</summary>
    public string ClassWeights { get; init; } = "none";

    /// <summary>Fraction of sites sampled each round, in (0, 1].</summary>
    public double Fraction { get; init; } = 1.0;

    /// <summary>Fewest sites whose results make a round (sampling never picks fewer).</summary>
    public int MinSites { get; init; } = 1;

    /// <summary>FedProx proximal weight.</summary>
    public double Mu { get; init; } = 0.01;

    [JsonPropertyName("server_lr")]
    public double? ServerLearningRate { get; init; }

    public double ServerMomentum { get; init; } = 0.9;

    /// <summary>Share of each site's rows held out for evaluation (stratified by the target).</summary>
    public double Holdout { get; init; } = 0.25;

    public int Seed { get; init; } = 42;

    /// <summary>
    /// Sample-level differential privacy (DP-SGD at every site): {"epsilon": 3, "delta": 1e-5, "clip": 1.0}.
    /// Each site calibrates its noise to spend at most epsilon over the job's rounds; null trains without DP.
    /// </summary>
    public SampleDpOptions? Dp { get; init; }

    /// <summary>
    /// Secure aggregation (SecAgg+): the server learns only the sum of the sites' updates, never one site's.
    /// Needs at least 3 sites per round and an algorithm whose server needs only the mean (not SCAFFOLD).
    /// </summary>
    public bool SecureAggregation { get; init; }

    /// <summary>
    /// Client-level DP (DP-FedAvg, McMahan et al. 2018): each site's change is clipped to clip_norm, the server adds
    /// Gaussian noise of noise_multiplier × clip_norm to the sum and divides by the sites asked per round. Protects a
    /// whole site's data, against whoever sees the model (not against the server, which sees the updates).
    /// </summary>
    public ClientDpOptions? ClientDp { get; init; }

    /// <summary>A notes job's model and local training; null = the defaults (<see cref="NotesJobOptions"/>). Notes jobs only.</summary>
    public NotesJobOptions? Notes { get; init; }

    /// <summary>An image-synthesis job's generator and discriminators; null = the defaults (<see cref="SynthesisJobOptions"/>). Image-synthesis jobs only.</summary>
    public SynthesisJobOptions? Synthesis { get; init; }

    /// <summary>Network only: how long a round waits for sites. Accepted and ignored by the simulator.</summary>
    public int RoundTimeoutS { get; init; } = 120;

    /// <summary>Network only: how long a started job waits for min_sites sites with its dataset before it fails. Ignored by the simulator.</summary>
    public int SiteWaitTimeoutS { get; init; } = 600;

    public const string ClassificationTask = "classification";
    public const string SegmentationTask = "segmentation";
    public const string NotesTask = "notes";
    public const string ImageSynthesisTask = "image_synthesis";

    /// <summary>The job tasks, as a job file names them.</summary>
    public static IReadOnlyList<string> Tasks { get; } = [ClassificationTask, SegmentationTask, NotesTask, ImageSynthesisTask];

    /// <summary>The algorithms a notes job may use: its sites train plain local steps (FedProx's and SCAFFOLD's changes to the local loss are not there).</summary>
    public static IReadOnlyList<string> NotesAlgorithms { get; } = ["fedavg", "fedavgm", "fedadam", "fedyogi", "fedadagrad"];

    /// <summary>The image size a folder is loaded at when the job names none.</summary>
    public const int DefaultImageSize = 128;

    /// <summary>The model names a job may use.</summary>
    public static IReadOnlyList<string> ModelNames { get; } = ["logreg", "mlp", "cnn", "unet"];

    [JsonIgnore]
    public bool IsSegmentation => Task == SegmentationTask;

    [JsonIgnore]
    public bool IsNotes => Task == NotesTask;

    /// <summary>An AsynDGAN job: a mask-conditioned image generator at the server, a discriminator at each site.</summary>
    [JsonIgnore]
    public bool IsImageSynthesis => Task == ImageSynthesisTask;

    /// <summary>An image-synthesis job's settings, its defaults filled in.</summary>
    [JsonIgnore]
    public SynthesisJobOptions SynthesisOptions => Synthesis ?? new SynthesisJobOptions();

    /// <summary>A notes job's settings, its defaults filled in.</summary>
    [JsonIgnore]
    public NotesJobOptions NotesOptions => Notes ?? new NotesJobOptions();

    [JsonIgnore]
    public string DisplayName => Name ?? $"{Path.GetFileNameWithoutExtension(Data)}-{Algorithm}";

    /// <summary>Every problem with this job, in words a user understands; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (string.IsNullOrWhiteSpace(Data)) p.Add("data: name a bundled dataset or a CSV file.");
        if (Rounds < 1) p.Add($"rounds must be at least 1 (got {Rounds}).");
        if (LocalEpochs < 1) p.Add($"local_epochs must be at least 1 (got {LocalEpochs}).");
        if (BatchSize < 1) p.Add($"batch_size must be at least 1 (got {BatchSize}).");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) p.Add($"lr must be a positive number (got {LearningRate}).");
        AddScheduleProblem(p, "lr_schedule", LrSchedule);
        AddScheduleProblem(p, "local_lr_schedule", LocalLrSchedule);
        if (Dp is not null && LocalLrSchedule is { } local && !IsConstant(local))
            p.Add("local_lr_schedule does not work with dp (DP-SGD samples batches at random, so a round's step count is not known); use lr_schedule, which changes the rate per round.");
        if (!AlgorithmRegistry.TryFind(Algorithm, out _))
            p.Add($"algorithm must be one of {string.Join(", ", AlgorithmRegistry.Names)} (got '{Algorithm}').{NearestName.Suggestion(Algorithm ?? "", AlgorithmRegistry.Names)}");
        if (Optimizer is not ("sgd" or "adam")) p.Add($"optimizer must be sgd or adam (got '{Optimizer}').{NearestName.Suggestion(Optimizer ?? "", ["sgd", "adam"])}");
        if (Momentum is < 0 or >= 1) p.Add($"momentum must be in [0, 1) (got {Momentum}).");
        if (WeightDecay < 0) p.Add($"weight_decay must be non-negative (got {WeightDecay}).");
        if (ClassWeights is not ("none" or "balanced")) p.Add($"class_weights must be none or balanced (got '{ClassWeights}').{NearestName.Suggestion(ClassWeights ?? "", ["none", "balanced"])}");
        if (!(Fraction > 0 && Fraction <= 1)) p.Add($"fraction must be in (0, 1] (got {Fraction}).");
        if (MinSites < 1) p.Add($"min_sites must be at least 1 (got {MinSites}).");
        if (Mu < 0) p.Add($"mu must be non-negative (got {Mu}).");
        if (ServerLearningRate is { } s && !(s > 0)) p.Add($"server_lr must be positive (got {s}).");
        if (ServerMomentum is < 0 or >= 1) p.Add($"server_momentum must be in [0, 1) (got {ServerMomentum}).");
        if (!(Holdout > 0 && Holdout < 1)) p.Add($"holdout must be between 0 and 1 (got {Holdout}).");
        if (Sites is { } n && n < 1) p.Add($"sites must be at least 1 (got {n}).");
        try
        {
            _ = Arcanum.Data.Partitioning.SplitSpec.Parse(Split);
        }
        catch (FormatException e)
        {
            p.Add(e.Message);
        }
        if (Sites is not null && SiteColumn is not null) p.Add("give either site_column or sites, not both.");
        if (Hidden is { } h && h.Any(x => x < 1)) p.Add("hidden layer sizes must be positive.");
        if (!ModelNames.Contains(Model)) p.Add($"model must be {string.Join(", ", ModelNames)} (got '{Model}').{NearestName.Suggestion(Model ?? "", ModelNames)}");
        if (!Tasks.Contains(Task))
            p.Add($"task must be {string.Join(", ", Tasks)} (got '{Task}').{NearestName.Suggestion(Task ?? "", Tasks)}");
        if (IsNotes) AddNotesProblems(p);
        else if (Notes is not null) p.Add("notes applies to a note-generator job; set \"task\": \"notes\" (and map the data to a folder of notes at each site).");
        if (IsImageSynthesis) AddSynthesisProblems(p);
        else if (Synthesis is not null) p.Add("synthesis applies to an image-synthesis job; set \"task\": \"image_synthesis\" (and map the data to an image folder with tumour masks at each site).");
        if (IsSegmentation && Model != "unet") p.Add($"segmentation needs the unet model (got '{Model}'); set \"model\": \"unet\" or leave it out on the command line.");
        if (!IsSegmentation && Model == "unet") p.Add("the unet model segments images; set \"task\": \"segmentation\" (and give an image folder with masks).");
        if (IsSegmentation && ClassWeights != "none") p.Add("class_weights applies to classification; segmentation's Dice + BCE loss already balances tumour against background.");
        if (IsSegmentation && Dp is not null) p.Add("dp (DP-SGD) is not supported for segmentation yet; client_dp (each site as a whole) is.");
        if (ImageSize is { } size && (size < 16 || size > 1024)) p.Add($"image_size must be between 16 and 1024 pixels (got {size}).");
        if (RoundTimeoutS < 1) p.Add($"round_timeout_s must be at least 1 (got {RoundTimeoutS}).");
        if (SiteWaitTimeoutS < 1) p.Add($"site_wait_timeout_s must be at least 1 (got {SiteWaitTimeoutS}).");
        if (SecureAggregation && AlgorithmRegistry.TryFind(Algorithm, out var a) && !a.SecureAggregation)
            p.Add($"secure_aggregation does not work with {a.Name}: its server needs more than the sum of the sites' updates. " +
                  $"Use one of {string.Join(", ", AlgorithmRegistry.All.Where(x => x.SecureAggregation).Select(x => x.Name))}.");
        if (SecureAggregation && MinSites < 3)
            p.Add($"secure_aggregation needs at least 3 sites in every round, so that no sum is one or two sites' update; set min_sites to 3 or more (got {MinSites}).");
        if (ClientDp is not null && Dp is not null) p.Add("give either dp (each site's records) or client_dp (each site as a whole), not both.");
        try
        {
            ClientDp?.Validate();
        }
        catch (ArgumentException e)
        {
            p.Add(e.Message.StartsWith("dp.", StringComparison.Ordinal) ? "client_" + e.Message : "client_dp: " + e.Message);
        }
        try
        {
            Dp?.Validate();
        }
        catch (ArgumentException e)
        {
            p.Add("dp: " + e.Message);
        }
        return p;
    }

    /// <summary>What a notes job cannot have: algorithms that change the local loss, table settings meant for it, another model.</summary>
    private void AddNotesProblems(List<string> p)
    {
        p.AddRange(NotesOptions.Problems());
        // The table settings with a notes counterpart: a value other than the default was meant for the note generator.
        var table = new JobSpec();
        foreach (var (key, set) in new[] { ("lr", LearningRate != table.LearningRate), ("batch_size", BatchSize != table.BatchSize),
                     ("holdout", Holdout != table.Holdout), ("local_epochs", LocalEpochs != table.LocalEpochs), ("weight_decay", WeightDecay != table.WeightDecay) })
        {
            if (set) p.Add($"{key} is a table job's setting; a notes job takes {(key == "local_epochs" ? "notes.local_steps" : "notes." + key)} under \"notes\".");
        }
        if (AlgorithmRegistry.TryFind(Algorithm, out var a) && !NotesAlgorithms.Contains(a.Name))
            p.Add($"a notes job cannot use {a.Name}: it changes the local loss, which the note generator's training does not; use one of {string.Join(", ", NotesAlgorithms)}.");
        if (Model != table.Model) p.Add($"a notes job trains the note generator (its shape is under \"notes\"); leave \"model\" out (got '{Model}').");
    }

    /// <summary>
    /// What an image-synthesis (AsynDGAN) job cannot have: the table settings meant for its generator, a model, an algorithm
    /// other than fedavg (the server trains the generator from the sites' gradients; there is no average), or the privacy
    /// options built for averaged updates.
    /// </summary>
    private void AddSynthesisProblems(List<string> p)
    {
        p.AddRange(SynthesisOptions.Problems());
        var table = new JobSpec();
        foreach (var (key, set) in new[] { ("lr", LearningRate != table.LearningRate), ("batch_size", BatchSize != table.BatchSize),
                     ("local_epochs", LocalEpochs != table.LocalEpochs), ("weight_decay", WeightDecay != table.WeightDecay) })
        {
            if (set) p.Add($"{key} is a table job's setting; an image-synthesis job takes {(key == "local_epochs" ? "rounds (its epochs)" : "synthesis." + key)}.");
        }
        if (Model != table.Model) p.Add($"an image-synthesis job trains AsynDGAN's generator (its shape is under \"synthesis\"); leave \"model\" out (got '{Model}').");
        if (AlgorithmRegistry.TryFind(Algorithm, out var a) && a.Name != "fedavg")
            p.Add($"an image-synthesis job trains one generator at the server from the sites' gradients (AsynDGAN); nothing is averaged, so leave \"algorithm\" out (got '{a.Name}').");
        if (Dp is not null || ClientDp is not null || SecureAggregation)
            p.Add("dp, client_dp and secure_aggregation protect averaged model updates; an image-synthesis job moves generated images and their gradients instead, and has none of them yet.");
        if (Fraction < 1) p.Add($"fraction: every site takes part in every step of an image-synthesis job (got {Fraction}).");
    }

    /// <summary>The per-round schedule (valid jobs only).</summary>
    public LearningRateSchedule RoundSchedule() => LearningRateSchedule.Parse(LrSchedule);

    /// <summary>The within-round schedule (valid jobs only).</summary>
    public LearningRateSchedule LocalSchedule() => LearningRateSchedule.Parse(LocalLrSchedule);

    private static void AddScheduleProblem(List<string> problems, string key, string? value)
    {
        try
        {
            LearningRateSchedule.Parse(value ?? "");
        }
        catch (FormatException e)
        {
            problems.Add($"{key}: {e.Message}");
        }
    }

    private static bool IsConstant(string value)
    {
        try
        {
            return LearningRateSchedule.Parse(value).IsConstant;
        }
        catch (FormatException)
        {
            return true;   // reported on its own
        }
    }

    /// <summary>Throws <see cref="JobSpecException"/> listing every problem.</summary>
    public JobSpec Validated()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new JobSpecException("The job is not valid:\n  - " + string.Join("\n  - ", problems));
        return this;
    }

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads and validates a job file; errors name the file and what is wrong.</summary>
    public static JobSpec Load(string path)
    {
        if (!File.Exists(path)) throw new JobSpecException($"Job file '{path}' does not exist.");
        return Parse(File.ReadAllText(path), $"Job file '{path}'");
    }

    /// <summary>The keys a job file may have (snake_case), in declaration order.</summary>
    public static IReadOnlyList<string> Keys => JobJsonCheck.Keys(JsonOptions);

    /// <summary>
    /// Parses and validates a job's JSON: unknown keys (with the nearest known key), values of the
    /// wrong type, names (algorithm, model, optimizer, ...) and ranges — everything that can be
    /// checked without the data. <paramref name="source"/> starts error messages ("Job file 'x.json'", "The job").
    /// </summary>
    public static JobSpec Parse(string json, string source = "The job")
    {
        if (string.IsNullOrWhiteSpace(json)) throw new JobSpecException($"{source} is empty.");
        var shape = JobJsonCheck.Problems(json, JsonOptions);
        if (shape.Count > 0) throw new JobSpecException($"{source} is not valid:\n  - " + string.Join("\n  - ", shape));
        JobSpec? job;
        try
        {
            job = JsonSerializer.Deserialize<JobSpec>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new JobSpecException($"{source} is not a valid job: {e.Message}", e);
        }
        if (job is null) throw new JobSpecException($"{source} is empty.");
        var problems = job.Problems();
        if (problems.Count > 0) throw new JobSpecException($"{source} is not valid:\n  - " + string.Join("\n  - ", problems));
        return job;
    }
}
