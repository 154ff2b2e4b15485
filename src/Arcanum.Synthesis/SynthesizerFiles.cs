using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Core.IO;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis;

/// <summary>
/// A fitted model on disk: a folder with <c>synthesizer.json</c> (format, kind, schema, training summary,
/// parameters) and whatever else the kind needs (CTGAN and TVAE: <c>weights.safetensors</c>). The folder
/// is written beside its final name and renamed, so a failed save leaves nothing behind.
/// </summary>
public static class SynthesizerFiles
{
    public const string HeaderFile = "synthesizer.json";
    public const string Format = "arcanum-synthesizer";
    public const int Version = 1;

    /// <summary>Fails early, before any training, when <paramref name="directory"/> cannot receive a model.</summary>
    /// <param name="directory">The model folder to write.</param>
    /// <param name="replace">Allow replacing an existing model folder (one holding <see cref="HeaderFile"/>); any other non-empty folder is refused.</param>
    /// <exception cref="SynthesisException">The path is a file, or a non-empty folder that may not be replaced.</exception>
    public static void EnsureWritable(string directory, bool replace = false)
    {
        try
        {
            OutputFolder.EnsureReplaceable(directory, replace, HeaderFile);
        }
        catch (IOException e)
        {
            throw new SynthesisException(e.Message, e);
        }
    }

    /// <summary>Writes the model folder; with <paramref name="replace"/>, an existing model folder is swapped for the new one only once it is complete.</summary>
    /// <exception cref="SynthesisException">The folder exists and is not empty (and may not be replaced, see <see cref="EnsureWritable"/>).</exception>
    public static void Save(ISynthesizer model, string directory, bool replace = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        EnsureWritable(directory, replace);
        OutputFolder.Write(directory, temporary =>
        {
            var header = new JsonObject
            {
                ["format"] = Format,
                ["version"] = Version,
                ["kind"] = model.Kind,
                ["created"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["schema"] = model.Schema.ToJson(),
                ["training"] = model.Training.ToJson(),
                ["parameters"] = model.ParametersJson(),
            };
            File.WriteAllText(Path.Combine(temporary, HeaderFile), header.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            model.SaveFiles(temporary);
        });
    }

    /// <summary>Reads a model folder's header: its kind, schema, training summary and parameters.</summary>
    /// <exception cref="SynthesisException">Not a model folder, or a damaged or newer one.</exception>
    public static SynthesizerHeader ReadHeader(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var path = Path.Combine(directory, HeaderFile);
        if (!Directory.Exists(directory)) throw new SynthesisException($"Model folder '{directory}' does not exist.");
        if (!File.Exists(path)) throw new SynthesisException($"'{directory}' is not a model folder: it has no {HeaderFile}. Make one with `arcanum synth fit`.");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new SynthesisException($"{path} is not valid JSON: {e.Message}", e);
        }
        return SynthesisException.Reading($"{path} is damaged", () =>
        {
            if ((node as JsonObject)?["format"]?.GetValue<string>() != Format) throw new SynthesisException($"{path} is not an Arcanum synthesizer (no \"format\": \"{Format}\").");
            var version = node!["version"]?.GetValue<int>() ?? 0;
            if (version != Version) throw new SynthesisException($"{path} has format version {version}; this build reads version {Version}.");
            var kind = node["kind"]?.GetValue<string>() ?? throw new SynthesisException($"{path} names no model kind.");
            return new SynthesizerHeader(kind, TableSchema.FromJson(node["schema"]), TrainingSummary.FromJson(node["training"]),
                node["parameters"] as JsonObject ?? throw new SynthesisException($"{path} has no parameters."));
        });
    }
}

public sealed record SynthesizerHeader(string Kind, TableSchema Schema, TrainingSummary Training, JsonObject Parameters);
