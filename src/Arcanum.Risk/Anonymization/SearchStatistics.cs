namespace Arcanum.Risk.Anonymization;

/// <summary>How much of the lattice the search had to look at.</summary>
/// <param name="Transformations">Nodes in the lattice.</param>
/// <param name="Checked">Nodes whose anonymity Flash checked on the data (the rest were inferred).</param>
/// <param name="Anonymous">Nodes that satisfy the privacy model.</param>
/// <param name="Scored">Anonymous nodes whose utility was computed on the data (the rest were ruled out by their
/// lower bound).</param>
public sealed record SearchStatistics(int Transformations, int Checked, int Anonymous, int Scored);
