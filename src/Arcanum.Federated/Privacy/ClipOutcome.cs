namespace Arcanum.Federated.Privacy;

/// <summary>What clipping did to one site's update: its L2 norm before, and whether it was scaled down.</summary>
/// <param name="Norm">The global L2 norm over all arrays before clipping.</param>
/// <param name="Clipped">True when the norm exceeded the clip norm and the update was scaled to it.</param>
public readonly record struct ClipOutcome(double Norm, bool Clipped);
