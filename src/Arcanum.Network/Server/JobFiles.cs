using Arcanum.Core.IO;
using Arcanum.Core.Metrics;
using Arcanum.Core.Weights;
using Arcanum.Federated.Privacy;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Server;

/// <summary>
/// What a job keeps in its folder besides the store, each written before the round it belongs to counts (so a resumed job
/// finds it): the checkpoints, client-level DP's ledger, and under secure aggregation each evaluated round's securely summed
/// score histograms (no site's own is ever stored).
/// </summary>
internal sealed class JobFiles(string directory)
{
    public string Directory { get; } = directory;

    public string CheckpointPath(int round) => Path.Combine(Directory, $"checkpoint-{round}.safetensors");

    public void WriteCheckpoint(int round, ModelWeights global, ModelWeights state) =>
        Payloads.WriteFile(CheckpointPath(round), Payloads.Pack(("global/", global), ("state/", state)));

    public string ClientDpPath => Path.Combine(Directory, "client-dp-ledger.json");

    public void SaveLedger(ClientDpLedger ledger) => AtomicFile.WriteAllText(ClientDpPath, ledger.ToJson());

    /// <summary>The ledger of a job resuming after <paramref name="done"/> rounds; without it ε cannot be stated, so the job does not resume.</summary>
    public ClientDpLedger RestoreLedger(ClientDpOptions options, int done) => File.Exists(ClientDpPath)
        ? ClientDpLedger.Restore(options, File.ReadAllText(ClientDpPath), done)
        : throw new InvalidDataException($"The client-level DP ledger ({ClientDpPath}) is missing though {done} rounds are done; " +
            "the job's ε cannot be stated, so it does not resume.");

    private string SecureSumsPath => Path.Combine(Directory, "secure-score-histograms.json");

    public void SaveSecureSum(int round, ScoreHistograms summed)
    {
        var all = LoadSecureSums();
        all[round] = SparseHistograms.From(summed);
        AtomicFile.WriteAllText(SecureSumsPath, WireJson.Write(all));
    }

    /// <summary>The rounds' securely summed score histograms, by the round of the model evaluated (empty without secure aggregation).</summary>
    public Dictionary<int, SparseHistograms> LoadSecureSums() =>
        File.Exists(SecureSumsPath) ? WireJson.Read<Dictionary<int, SparseHistograms>>(File.ReadAllText(SecureSumsPath), "saved secure sums") : [];
}
