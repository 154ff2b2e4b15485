namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// What <see cref="MirrorDescent"/> and sampling need of a graphical model: a log-potential per measurable clique (a slot), exact
/// inference of the cliques' marginals, and where a measurement's cells fall in its slot. MST's tree and AIM's
/// junction-tree model both provide it, so the two fit their potentials by one path.
/// </summary>
/// <typeparam name="TBeliefs">The model's marginals after inference.</typeparam>
internal interface IPotentialModel<TBeliefs>
    where TBeliefs : class
{
    /// <summary>
    /// The slot whose clique <paramref name="measurement"/> measures, and its values and <paramref name="weights"/>
    /// (one per cell) reordered into the slot's cell order.
    /// </summary>
    /// <exception cref="ArgumentException">The model has no potential for the measured clique, or the cell counts differ.</exception>
    (int Slot, double[] Values, double[] Weights) Bind(Measurement measurement, double[] weights);

    /// <summary>The marginals under the current potentials; null when they give no probability.</summary>
    TBeliefs? Infer();

    /// <summary>A slot's marginal (summing to 1) in the slot's cell order.</summary>
    double[] Marginal(TBeliefs beliefs, int slot);

    /// <summary>A slot's log-potential, updated in place by the fit.</summary>
    double[] Potential(int slot);

    /// <summary>Cells per learned column.</summary>
    int[] Sizes { get; }

    /// <summary>The marginals given per-column evidence (cell weights; null = none); null when the evidence has no probability.</summary>
    TBeliefs? Infer(IReadOnlyList<double[]?>? evidence);

    /// <summary>Rows of cells drawn from <paramref name="beliefs"/>.</summary>
    int[][] Sample(TBeliefs beliefs, int count, Random random);
}
