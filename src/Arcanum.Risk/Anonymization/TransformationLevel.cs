namespace Arcanum.Risk.Anonymization;

/// <summary>How far one quasi-identifier is generalised: level 0 of 0..Height-1 keeps the original values.</summary>
public sealed record TransformationLevel(string Column, int Level, int Height, string Hierarchy);
