namespace Arcanum.Synthesis.Evaluation;

/// <summary>What was compared.</summary>
/// <param name="TrainRows">Rows of the real table the generator was trained on.</param>
/// <param name="HoldoutRows">Rows of the real table the generator never saw.</param>
/// <param name="SyntheticRows">Rows of the synthetic table.</param>
/// <param name="Columns">The non-identifier columns compared, in the real table's order (the target included).</param>
/// <param name="FeatureColumns">The classifiers' inputs: <paramref name="Columns"/> without the target.</param>
/// <param name="IgnoredColumns">Identifier columns of the real table: never compared.</param>
/// <param name="Target">The predicted column.</param>
/// <param name="Positive">The positive value given, if any.</param>
/// <param name="Seed">The seed of every random choice.</param>
/// <param name="DistanceRows">Rows of train, holdout and synthetic used by the distance checks (smaller than the tables when subsampled).</param>
public sealed record EvaluationInputs(
    int TrainRows, int HoldoutRows, int SyntheticRows, IReadOnlyList<string> Columns, IReadOnlyList<string> FeatureColumns,
    IReadOnlyList<string> IgnoredColumns, string Target, string? Positive, int Seed, (int Train, int Holdout, int Synthetic) DistanceRows)
{
    public override string ToString() => $"{TrainRows} train, {HoldoutRows} holdout, {SyntheticRows} synthetic rows; {Columns.Count} columns; target {Target}";
}
