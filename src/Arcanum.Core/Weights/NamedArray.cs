namespace Arcanum.Core.Weights;

/// <summary>
/// One named float32 array with a shape: a model parameter, an optimizer moment or a control
/// variate. The data is row-major and owned by this instance (mutable for in-place arithmetic).
/// </summary>
public sealed class NamedArray
{
    public NamedArray(string name, int[] shape, float[] data)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long expected = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Array '{name}' has a negative dimension in shape [{string.Join(", ", shape)}].", nameof(shape));
            expected *= d;
        }
        if (expected != data.Length)
            throw new ArgumentException($"Array '{name}' has shape [{string.Join(", ", shape)}] ({expected} values) but {data.Length} values were given.", nameof(data));
        Name = name;
        Shape = shape;
        Data = data;
    }

    public string Name { get; }

    public int[] Shape { get; }

    public float[] Data { get; }

    public int Length => Data.Length;

    public NamedArray Clone() => new(Name, (int[])Shape.Clone(), (float[])Data.Clone());

    public NamedArray ZerosLike() => new(Name, (int[])Shape.Clone(), new float[Data.Length]);

    public bool HasSameShape(NamedArray other) => Shape.AsSpan().SequenceEqual(other.Shape);

    public override string ToString() => $"{Name} [{string.Join("x", Shape)}]";
}
