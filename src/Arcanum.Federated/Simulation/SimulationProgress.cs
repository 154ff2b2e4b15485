namespace Arcanum.Federated.Simulation;

/// <summary>What the simulator is doing now, for a progress display.</summary>
/// <param name="Stage">federated, central or local.</param>
/// <param name="Step">1-based step within the stage (round, or site for local).</param>
/// <param name="Steps">Number of steps in the stage.</param>
/// <param name="Message">A short human-readable line.</param>
/// <param name="Metric">The headline metric on pooled held-out data after this step, when known.</param>
public sealed record SimulationProgress(string Stage, int Step, int Steps, string Message, double? Metric = null);
