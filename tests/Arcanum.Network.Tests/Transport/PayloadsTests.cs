using Arcanum.Core.Weights;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Tests.Transport;

/// <summary>A site reads each round's payload into the arrays of the round before, where they fit.</summary>
public sealed class PayloadsTests
{
    private static byte[] Bytes(ModelWeights weights)
    {
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, weights);
        return stream.ToArray();
    }

    [Fact]
    public void FromBytes_IntoArraysOfTheSameNamesAndShapes_OverwritesThemAndReadsTheRestFresh()
    {
        // Given last round's weights, and this round's payload with the same "w", a "b" of another shape and a new "c"
        var spare = new ModelWeights([new NamedArray("w", [2, 2], [1f, 2f, 3f, 4f]), new NamedArray("b", [2], [5f, 6f])]);
        var (w, b) = (spare["w"].Data, spare["b"].Data);
        var payload = Bytes(new ModelWeights([new NamedArray("w", [2, 2], [9f, 8f, 7f, 6f]), new NamedArray("b", [3], [1f, 1f, 1f]), new NamedArray("c", [1], [0.5f])]));

        // When it is read into them
        var read = Payloads.FromBytes(payload, spare);

        // Then "w" is the same array holding the new values; "b" (reshaped) and "c" are new arrays, and the old "b" is untouched
        Assert.Same(w, read["w"].Data);
        Assert.Equal([9f, 8f, 7f, 6f], read["w"].Data);
        Assert.NotSame(b, read["b"].Data);
        Assert.Equal([1f, 1f, 1f], read["b"].Data);
        Assert.Equal([5f, 6f], b);
        Assert.Equal([0.5f], read["c"].Data);
    }

    [Fact]
    public void FromBytes_ASliceOfALargerPooledBuffer_ReadsOnlyThatSlice()
    {
        // Given a payload at the start of a larger buffer whose tail holds other bytes
        var payload = Bytes(new ModelWeights([new NamedArray("w", [2], [1.5f, -2f])]));
        var buffer = Enumerable.Repeat((byte)0x7f, payload.Length + 100).ToArray();
        payload.CopyTo(buffer, 0);

        // Then reading the announced slice gives the payload's arrays
        Assert.Equal([1.5f, -2f], Payloads.FromBytes(new ArraySegment<byte>(buffer, 0, payload.Length))["w"].Data);
    }
}
