using static TorchSharp.torch;

namespace Arcanum.Torch.Text;

/// <summary>
/// The keys and values of the positions a <see cref="NoteTransformer"/> has already seen while sampling, one pair of
/// [rows, heads, context, head width] tensors per block, allocated once for the whole context so that a new token only
/// writes its own slot. Rows can be dropped (a note that has ended) so finished notes cost nothing.
/// </summary>
internal sealed class NoteCache : IDisposable
{
    public NoteCache(NoteModelShape shape, int rows, Device device)
    {
        var headWidth = shape.Width / shape.Heads;
        Keys = new Tensor[shape.Layers];
        Values = new Tensor[shape.Layers];
        for (var i = 0; i < shape.Layers; i++)
        {
            // Detached from any dispose scope the caller has open: the cache lives across the sampling steps' scopes.
            Keys[i] = zeros(rows, shape.Heads, shape.Context, headWidth, device: device).DetachFromDisposeScope();
            Values[i] = zeros(rows, shape.Heads, shape.Context, headWidth, device: device).DetachFromDisposeScope();
        }
    }

    public Tensor[] Keys { get; }

    public Tensor[] Values { get; }

    /// <summary>Keeps only the given rows (indices into the current rows, in order).</summary>
    public void KeepRows(long[] rows)
    {
        using var index = tensor(rows, device: Keys[0].device);
        for (var i = 0; i < Keys.Length; i++)
        {
            Keys[i] = Replace(Keys[i], Keys[i].index_select(0, index));
            Values[i] = Replace(Values[i], Values[i].index_select(0, index));
        }
    }

    public void Dispose()
    {
        foreach (var t in Keys.Concat(Values)) t.Dispose();
    }

    private static Tensor Replace(Tensor old, Tensor kept)
    {
        old.Dispose();
        return kept.DetachFromDisposeScope();
    }
}
