using System.Text.Json.Nodes;
using Arcanum.Synthesis.Conditions;

namespace Arcanum.Synthesis.Copula;

/// <summary>One learned column of the copula: how its values map to and from its latent standard normal dimensions.</summary>
internal interface IMarginal
{
    /// <summary>Latent dimensions the column takes: 1, or 2 for a number with missing values (value, "is missing").</summary>
    int Dimensions { get; }

    /// <summary>The learned value (a number, or a level code; NaN missing) for the column's latent values.</summary>
    double Decode(ReadOnlySpan<double> latent);

    /// <summary>
    /// Where a constraint lets each of the column's latent dimensions go (null: anywhere), or null when no
    /// latent value meets it, so the model cannot serve it.
    /// </summary>
    Interval[]?[]? Constrain(ColumnConstraint constraint);

    JsonObject ToJson();
}
