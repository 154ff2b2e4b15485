namespace Arcanum.Cli;

/// <summary>How to run a simulation (not what to run: that is the job).</summary>
internal sealed record SimulateSettings(string? Output, bool Force, string Device, int? Parallel);
