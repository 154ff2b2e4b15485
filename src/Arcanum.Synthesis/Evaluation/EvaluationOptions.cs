namespace Arcanum.Synthesis.Evaluation;

/// <summary>What <see cref="SyntheticDataEvaluation.Evaluate"/> measures and how. The defaults suit tables of up to tens of thousands of rows.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The column the utility classifiers predict. Required.</summary>
    public required string Target { get; init; }

    /// <summary>The target value that is the positive class (binary AUROC ranks by it); null keeps one class per value, the last one positive when there are two.</summary>
    public string? Positive { get; init; }

    /// <summary>The seed used when none is given.</summary>
    public const int DefaultSeed = 20240917;

    /// <summary>Seed of every random choice (subsamples, forest); same inputs and seed, same numbers.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Trees in the random forest.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Depth cap of each forest tree.</summary>
    public int MaxTreeDepth { get; init; } = 16;

    /// <summary>
    /// Distance-based checks (DCR, NNDR, membership inference) are brute force, O(rows² · features): a table
    /// with more rows than this is subsampled to this many for them, and the result says so.
    /// </summary>
    public int MaxDistanceRows { get; init; } = 20_000;

    /// <summary>Throws <see cref="ArgumentException"/> describing the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Target)) throw new ArgumentException("Name the target column the utility classifiers predict.");
        if (Positive is not null && string.IsNullOrWhiteSpace(Positive)) throw new ArgumentException("The positive value is blank; leave it out or name a value of the target.");
        if (Trees < 1) throw new ArgumentException($"The random forest needs at least 1 tree (got {Trees}).");
        if (MaxTreeDepth < 1) throw new ArgumentException($"The tree depth cap must be at least 1 (got {MaxTreeDepth}).");
        if (MaxDistanceRows < 10) throw new ArgumentException($"The distance checks need at least 10 rows per table (MaxDistanceRows is {MaxDistanceRows}).");
    }
}
