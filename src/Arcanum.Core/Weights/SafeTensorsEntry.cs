namespace Arcanum.Core.Weights;

/// <summary>One array as a safetensors header describes it.</summary>
/// <param name="Name">The array's name.</param>
/// <param name="Dtype">The stored element type (F32, F64, F16 or BF16); values are read as float32.</param>
/// <param name="Shape">The array's dimensions.</param>
/// <param name="Count">The number of values (the product of <paramref name="Shape"/>).</param>
/// <param name="Begin">Where its data starts, relative to the start of the data section.</param>
/// <param name="End">Where its data ends (exclusive).</param>
public sealed record SafeTensorsEntry(string Name, string Dtype, int[] Shape, long Count, long Begin, long End);
