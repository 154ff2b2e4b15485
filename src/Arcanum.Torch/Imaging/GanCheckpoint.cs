using Arcanum.Federated.Simulation;
using System.Text.Json;
using Arcanum.Core.Weights;
using Arcanum.Torch.Models;

namespace Arcanum.Torch.Imaging;

/// <summary>
/// Where GAN training keeps its state between epochs: one folder per complete epoch (<c>epoch-N/</c>, written under a
/// temporary name and renamed, older ones deleted) with the generator's and every discriminator's weights and Adam
/// state and the epochs' log. A folder of another setup (other options, sites or image counts) is refused, never mixed in.
/// In AsynDGAN each site would keep its own discriminator's file; in one process they sit side by side.
/// </summary>
internal sealed class GanCheckpoint
{
    private const string LogFile = "checkpoint.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly string _directory;
    private readonly string _fingerprint;

    public GanCheckpoint(string directory, IReadOnlyList<MaskImageSite> sites, int size, MaskGanOptions options)
    {
        _directory = directory;
        _fingerprint = JsonSerializer.Serialize(new
        {
            size,
            options = options with { Epochs = 0 },
            epochs = options.Epochs,
            sites = sites.Select(s => $"{s.Name}:{s.Count}").ToArray(),
        });
    }

    private sealed record Log(string Fingerprint, List<GanEpoch> Epochs);

    /// <summary>Loads the latest complete epoch into the modules and optimisers; null when there is none.</summary>
    /// <exception cref="ArgumentException">The checkpoint is of another setup.</exception>
    public (IReadOnlyList<GanEpoch> Epochs, string Folder)? TryResume(MaskImageGenerator generator, RootedAdam optimizer, IReadOnlyList<DiscriminatorSite> sites)
    {
        if (!Directory.Exists(_directory)) return null;
        var latest = Directory.GetDirectories(_directory, "epoch-*")
            .Select(d => (Dir: d, Epoch: int.TryParse(Path.GetFileName(d)["epoch-".Length..], out var n) ? n : -1))
            .Where(x => x.Epoch > 0 && File.Exists(Path.Combine(x.Dir, LogFile)))
            .OrderByDescending(x => x.Epoch).FirstOrDefault();
        if (latest.Dir is null) return null;
        var log = JsonSerializer.Deserialize<Log>(File.ReadAllText(Path.Combine(latest.Dir, LogFile)), Json)
            ?? throw new InvalidDataException($"{latest.Dir}/{LogFile} is empty.");
        if (log.Fingerprint != _fingerprint)
            throw new ArgumentException($"The checkpoint in '{_directory}' is from another training setup (options, sites or images differ); delete it to start over, or rerun with the same settings to resume.");
        ModuleWeights.Load(generator.Network, SafeTensors.Read(Path.Combine(latest.Dir, "generator.safetensors")), "checkpointed generator");
        optimizer.LoadState(Path.Combine(latest.Dir, "generator.adam"));
        for (var j = 0; j < sites.Count; j++)
        {
            ModuleWeights.Load(sites[j].Discriminator, SafeTensors.Read(Path.Combine(latest.Dir, $"site-{j}.safetensors")), $"checkpointed discriminator of {sites[j].Name}");
            sites[j].Optimizer.LoadState(Path.Combine(latest.Dir, $"site-{j}.adam"));
        }
        return (log.Epochs, latest.Dir);
    }

    public void Save(MaskImageGenerator generator, RootedAdam optimizer, IReadOnlyList<DiscriminatorSite> sites, GanEpoch epoch)
    {
        Directory.CreateDirectory(_directory);
        var previous = Directory.GetDirectories(_directory, "epoch-*").Where(d => !d.EndsWith(".tmp", StringComparison.Ordinal)).ToList();
        var log = previous.Count == 0 ? new Log(_fingerprint, []) : Latest(previous);
        log.Epochs.Add(epoch);
        var final = Path.Combine(_directory, $"epoch-{epoch.Epoch}");
        var temporary = final + ".tmp";
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        Directory.CreateDirectory(temporary);
        SafeTensors.Write(Path.Combine(temporary, "generator.safetensors"), ModuleWeights.ToWeights(generator.Network));
        optimizer.SaveState(Path.Combine(temporary, "generator.adam"));
        for (var j = 0; j < sites.Count; j++)
        {
            SafeTensors.Write(Path.Combine(temporary, $"site-{j}.safetensors"), ModuleWeights.ToWeights(sites[j].Discriminator));
            sites[j].Optimizer.SaveState(Path.Combine(temporary, $"site-{j}.adam"));
        }
        File.WriteAllText(Path.Combine(temporary, LogFile), JsonSerializer.Serialize(log, Json));
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(temporary, final);
        foreach (var old in previous.Where(d => d != final)) Directory.Delete(old, recursive: true);
    }

    /// <summary>Removes the checkpoint once its generator is safely saved elsewhere.</summary>
    public void Delete()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private static Log Latest(List<string> folders)
    {
        var latest = folders.OrderByDescending(d => int.TryParse(Path.GetFileName(d)["epoch-".Length..], out var n) ? n : -1).First();
        return JsonSerializer.Deserialize<Log>(File.ReadAllText(Path.Combine(latest, LogFile)), Json)!;
    }
}
