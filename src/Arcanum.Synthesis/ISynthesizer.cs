using Arcanum.Data.Tables;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis;

/// <summary>A fitted synthesizer: draws rows like the real table's, with what it can do natively toward conditions.</summary>
public interface ISynthesizer
{
    /// <summary>"copula", "ctgan", "tvae" or "mst".</summary>
    string Kind { get; }

    TableSchema Schema { get; }

    /// <summary>How it was trained: rows, epochs, seconds, losses, privacy spent.</summary>
    TrainingSummary Training { get; }

    /// <summary>
    /// Which of the constraints this model serves natively (by conditioning, not by filtering); the
    /// <see cref="ConditionalSampler"/> filters for the rest.
    /// </summary>
    IReadOnlyList<ColumnConstraint> NativelyServed(RowConditions conditions);

    /// <summary>
    /// Draws <paramref name="count"/> rows, conditioned on what <see cref="NativelyServed"/> names. Rows
    /// need not all meet the conditions: the sampler filters. Same seed, same rows.
    /// </summary>
    DataTable Generate(int count, RowConditions? conditions, int seed);

    /// <summary>Writes the model's own files (beyond synthesizer.json) into an existing folder.</summary>
    void SaveFiles(string directory);

    /// <summary>The model's parameters for synthesizer.json.</summary>
    System.Text.Json.Nodes.JsonObject ParametersJson();
}
