using System.Globalization;
using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Reports;

/// <summary>One model of a finished run: who trained it (<see cref="Role"/>, and the site for a local one) and its weights.</summary>
public sealed record RunModel(string Role, string? Site, ModelWeights Weights)
{
    /// <summary>"federated", "central", or "local: SITE".</summary>
    public string DisplayName => Site is null ? Role : $"{Role}: {Site}";
}

/// <summary>
/// A run folder's models as files: model.safetensors (federated) and, for a simulation,
/// baselines/central.safetensors and baselines/local-NN.safetensors (each site's own model). Each
/// file's metadata says the architecture, input shape, classes and level widths, so a model can be
/// rebuilt without the data it was trained on (<c>arcanum evaluate</c>).
/// </summary>
public static class RunModels
{
    public const string FederatedFile = "model.safetensors";
    public const string BaselinesFolder = "baselines";
    public const string FederatedRole = "federated";
    public const string CentralRole = "central";
    public const string LocalRole = "local";

    /// <summary>Writes every model of <paramref name="report"/> under <paramref name="directory"/>.</summary>
    public static void Write(StudyReport report, string directory)
    {
        SafeTensors.Write(Path.Combine(directory, FederatedFile), report.Weights, Metadata(report.Spec, report.ClassNames, FederatedRole, null));
        if (report.CentralWeights is null && report.Local.All(l => l.Weights is null)) return;
        var baselines = Directory.CreateDirectory(Path.Combine(directory, BaselinesFolder)).FullName;
        if (report.CentralWeights is { } central)
            SafeTensors.Write(Path.Combine(baselines, "central.safetensors"), central, Metadata(report.Spec, report.ClassNames, CentralRole, null));
        for (var i = 0; i < report.Local.Count; i++)
        {
            if (report.Local[i].Weights is not { } weights) continue;
            // Numbered, not named after the site: a site name is free text, a file name is not.
            var file = string.Create(CultureInfo.InvariantCulture, $"local-{i + 1:00}.safetensors");
            SafeTensors.Write(Path.Combine(baselines, file), weights, Metadata(report.Spec, report.ClassNames, LocalRole, report.Local[i].Site));
        }
    }

    /// <summary>The run's models (federated first, then central, then each site's), with the spec they share and the class names.</summary>
    /// <exception cref="JobSpecException">The folder is not a run, or a model file is damaged.</exception>
    public static (ModelSpec Spec, IReadOnlyList<string> ClassNames, IReadOnlyList<RunModel> Models) Read(string directory)
    {
        var federated = Path.Combine(directory, FederatedFile);
        if (!File.Exists(federated))
            throw new JobSpecException($"'{directory}' has no {FederatedFile}: give the folder a finished run wrote (arcanum simulate --out, or arcanum admin download).");
        var (weights, spec, classes, _, _) = ReadOne(federated);
        var models = new List<RunModel> { new(FederatedRole, null, weights) };
        var baselines = Path.Combine(directory, BaselinesFolder);
        if (Directory.Exists(baselines))
        {
            var files = Directory.GetFiles(baselines, "*.safetensors").Order(StringComparer.Ordinal).ToList();
            foreach (var file in files.OrderBy(f => Path.GetFileName(f) == "central.safetensors" ? 0 : 1))
            {
                var (w, s, c, role, site) = ReadOne(file);
                if (s.Kind != spec.Kind || !s.InputShape.SequenceEqual(spec.InputShape) || !s.HiddenSizes.SequenceEqual(spec.HiddenSizes) || !c.SequenceEqual(classes))
                    throw new JobSpecException($"'{file}' is a model of another shape or classes than {FederatedFile}; the run folder has been mixed with another.");
                models.Add(new RunModel(role, site, w));
            }
        }
        return (spec, classes, models);
    }

    private static Dictionary<string, string> Metadata(ModelSpec spec, IReadOnlyList<string> classNames, string role, string? site)
    {
        var m = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["arcanum.model"] = spec.Kind.ToString(),
            ["arcanum.input_shape"] = string.Join(",", spec.InputShape),
            ["arcanum.classes"] = string.Join(",", classNames),
            ["arcanum.hidden"] = string.Join(",", spec.HiddenSizes),
            ["arcanum.role"] = role,
        };
        if (site is not null) m["arcanum.site"] = site;
        return m;
    }

    private static (ModelWeights Weights, ModelSpec Spec, IReadOnlyList<string> Classes, string Role, string? Site) ReadOne(string path)
    {
        ModelWeights weights;
        IReadOnlyDictionary<string, string> metadata;
        try
        {
            weights = SafeTensors.Read(path, out metadata);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new JobSpecException($"'{path}' is not a readable model file: {e.Message}", e);
        }
        string Need(string key) => metadata.TryGetValue(key, out var v) ? v
            : throw new JobSpecException($"'{path}' lacks its '{key}' metadata; it was not written by arcanum simulate or a federation's results.");
        if (!Enum.TryParse<ModelKind>(Need("arcanum.model"), out var kind))
            throw new JobSpecException($"'{path}' names an unknown model '{metadata["arcanum.model"]}'.");
        var classes = Need("arcanum.classes").Split(',');
        var shape = Numbers(Need("arcanum.input_shape"), path);
        var hidden = metadata.TryGetValue("arcanum.hidden", out var h) ? Numbers(h, path) : [];
        var role = metadata.GetValueOrDefault("arcanum.role", FederatedRole);
        return (weights, new ModelSpec(kind, shape, classes.Length, hidden), classes, role, metadata.GetValueOrDefault("arcanum.site"));
    }

    private static int[] Numbers(string text, string path)
    {
        if (text.Length == 0) return [];
        var parts = text.Split(',');
        var values = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]))
                throw new JobSpecException($"'{path}' has a damaged shape in its metadata ('{text}').");
        }
        return values;
    }
}
