using static TorchSharp.torch;

namespace Arcanum.Torch.Tests;

/// <summary>The block copies between tensors and arrays: the same values, in the same order, as the element accessor gave.</summary>
public sealed class HostFloatsTests
{
    private static readonly float[] Twelve = [.. Enumerable.Range(0, 12).Select(i => i * 1.5f - 4f)];

    [Fact]
    public void ToArray_ARowOfAMatrix_IsThatRowNotTheStartOfItsStorage()
    {
        // Given a contiguous view that starts 4 values into its storage
        using var scope = NewDisposeScope();
        var row = tensor(Twelve, [3, 4])[1];

        // When it is copied out, Then it is the second row
        Assert.Equal(Twelve[4..8], HostFloats.ToArray(row));
    }

    [Fact]
    public void ToArray_ATransposeOrDoubles_IsRowMajorFloat()
    {
        // Given a transposed (not contiguous) view and a float64 tensor
        using var scope = NewDisposeScope();
        var transposed = tensor(Twelve, [3, 4]).t();
        var doubles = tensor(Twelve.Select(v => (double)v).ToArray(), [12]);

        // Then both come out as the element accessor read them
        Assert.Equal(transposed.contiguous().data<float>().ToArray(), HostFloats.ToArray(transposed));
        Assert.Equal(Twelve[0], HostFloats.ToArray(transposed)[0]);
        Assert.Equal(Twelve[4], HostFloats.ToArray(transposed)[1]);
        Assert.Equal(Twelve, HostFloats.ToArray(doubles));
    }

    [Fact]
    public void CopyInto_AParameter_ChangesWhatTheModuleComputes()
    {
        // Given a linear layer's weight (a leaf that requires grad) and new values for it
        using var scope = NewDisposeScope();
        using var layer = nn.Linear(4, 3, hasBias: false);
        var weight = layer.state_dict()["weight"];

        // When they are copied in
        HostFloats.CopyInto(Twelve, weight, [3, 4]);

        // Then the layer computes with them, and training still records gradients for the weight
        var input = ones(1, 4);
        var output = layer.forward(input);
        Assert.Equal(Enumerable.Range(0, 3).Select(r => Twelve.Skip(4 * r).Take(4).Sum()).ToArray(), output.data<float>().ToArray());
        output.sum().backward();
        Assert.Equal(Enumerable.Repeat(1f, 12).ToArray(), HostFloats.ToArray(layer.weight!.grad!));
    }

    [Fact]
    public void CopyInto_ARowOfAMatrix_WritesThatRowOnly()
    {
        // Given the middle row of a zero matrix: contiguous float32 on the CPU, 4 values into its storage
        using var scope = NewDisposeScope();
        var matrix = zeros(3, 4);

        // When four values are copied into it
        HostFloats.CopyInto(Twelve[4..8], matrix[1], [4]);

        // Then the matrix holds them in its middle row and zeros elsewhere
        Assert.Equal([0f, 0f, 0f, 0f, .. Twelve[4..8], 0f, 0f, 0f, 0f], HostFloats.ToArray(matrix));
    }

    [Fact]
    public void CopyInto_ATransposedViewOrDoubles_WritesThroughTheView()
    {
        // Given a transposed view of a matrix and a float64 tensor
        using var scope = NewDisposeScope();
        var matrix = zeros(4, 3);
        var view = matrix.t();
        var doubles = zeros(12, dtype: ScalarType.Float64);

        // When values are copied into each
        HostFloats.CopyInto(Twelve, view, [3, 4]);
        HostFloats.CopyInto(Twelve, doubles, [12]);

        // Then the view reads back as given (so the matrix holds its transpose), and the doubles hold them converted
        Assert.Equal(Twelve, HostFloats.ToArray(view));
        Assert.Equal(Twelve[1], matrix[1, 0].item<float>());
        Assert.Equal(Twelve.Select(v => (double)v).ToArray(), doubles.data<double>().ToArray());
    }

    [Fact]
    public void CopyIntoAndCopyTo_TheWrongLength_AreRefused()
    {
        using var scope = NewDisposeScope();
        var t = zeros(3, 4);

        Assert.Contains("12 values", Assert.Throws<ArgumentException>(() => HostFloats.CopyInto(new float[11], t, [11])).Message, StringComparison.Ordinal);
        Assert.Contains("12 values", Assert.Throws<ArgumentException>(() => HostFloats.CopyTo(t, new float[13])).Message, StringComparison.Ordinal);
        Assert.Equal(new float[12], HostFloats.ToArray(t));
    }
}
