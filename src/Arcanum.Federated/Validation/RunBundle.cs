using Arcanum.Core.Learning;
using Arcanum.Data.Encoding;
using Arcanum.Data.Images;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Reports;

namespace Arcanum.Federated.Validation;

/// <summary>
/// What a finished run folder holds for scoring its models elsewhere: the job it ran, the model
/// spec and classes, every model (federated, central, each site's own), and how inputs were
/// prepared (<see cref="Encoder"/> for tables, <see cref="Images"/> for images).
/// </summary>
public sealed record RunBundle(string Directory, JobSpec Job, ModelSpec Spec, IReadOnlyList<string> ClassNames, IReadOnlyList<RunModel> Models,
    FeatureEncoder? Encoder, ImagePreprocessing? Images)
{
    /// <exception cref="JobSpecException">Not a run folder, or a file in it is damaged.</exception>
    public static RunBundle Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new JobSpecException($"Run folder '{directory}' does not exist; give the folder arcanum simulate wrote (its --out).");
        var jobFile = Path.Combine(directory, "job.json");
        var job = JobSpec.Load(jobFile);
        var (spec, classes, models) = RunModels.Read(directory);
        var encodingFile = Path.Combine(directory, "encoding.json");
        FeatureEncoder? encoder = null;
        ImagePreprocessing? images = null;
        if (File.Exists(encodingFile))
        {
            var json = File.ReadAllText(encodingFile);
            try
            {
                if (ImagePreprocessing.IsImageJson(json)) images = ImagePreprocessing.FromJson(json);
                else encoder = FeatureEncoder.FromJson(json);
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or ArgumentException)
            {
                throw new JobSpecException($"'{encodingFile}' is damaged: {e.Message}", e);
            }
        }
        return new RunBundle(directory, job, spec, classes, models, encoder, images);
    }
}
