using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Text;

/// <summary>The shape of a note generator: width, depth, heads and context (in tokens).</summary>
public sealed record NoteModelShape(int Width = 256, int Layers = 4, int Heads = 4, int Context = 256)
{
    /// <exception cref="ArgumentException">A size is out of range, or the width does not split into the heads.</exception>
    public void Validate()
    {
        if (Width < 8 || Layers < 1 || Heads < 1 || Context < 8)
            throw new ArgumentException($"The model needs width >= 8, layers >= 1, heads >= 1 and context >= 8; got {Width}, {Layers}, {Heads}, {Context}.");
        if (Width % Heads != 0) throw new ArgumentException($"The width ({Width}) must be a multiple of the heads ({Heads}).");
    }
}

/// <summary>
/// A decoder-only transformer (GPT-2's layout, pre-norm): token and position embeddings, blocks of causal self-attention and
/// a GELU MLP, a last LayerNorm, and a head tied to the token embedding. Tokens are UTF-8 bytes (<see cref="NoteTokens"/>).
/// Sums are written with <see cref="HeldScalars.Plus(Tensor, Tensor)"/>, not <c>+</c>, whose temporary alpha Scalar a
/// collection on another thread can free mid-call.
/// </summary>
internal sealed class NoteTransformer : nn.Module<Tensor, Tensor>
{
    private readonly Embedding tokens;
    private readonly Embedding positions;
    private readonly ModuleList<NoteBlock> blocks;
    private readonly LayerNorm final;

    public NoteTransformer(NoteModelShape shape) : base(nameof(NoteTransformer))
    {
        Shape = shape;
        tokens = nn.Embedding(NoteTokens.Vocabulary, shape.Width);
        positions = nn.Embedding(shape.Context, shape.Width);
        blocks = nn.ModuleList([.. Enumerable.Range(0, shape.Layers).Select(_ => new NoteBlock(shape.Width, shape.Heads))]);
        final = nn.LayerNorm(shape.Width);
        RegisterComponents();
        foreach (var (name, p) in named_parameters())
        {
            // GPT-2's initialisation: N(0, 0.02), residual projections scaled down by depth.
            using var noGrad = no_grad();
            if (name.EndsWith(".bias", StringComparison.Ordinal)) p.zero_();
            else if (p.dim() >= 2) p.normal_(0, name.EndsWith("proj.weight", StringComparison.Ordinal) ? 0.02 / Math.Sqrt(2 * shape.Layers) : 0.02);
        }
    }

    public NoteModelShape Shape { get; }

    /// <summary>Logits [batch, time, vocabulary] for token ids [batch, time] (time at most the context).</summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var x = tokens.forward(ids).Plus(Positions(0, ids.shape[1]));
        foreach (var block in blocks) x = block.forward(x);
        x = final.forward(x);
        return nn.functional.linear(x, tokens.weight!).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Logits [batch, vocabulary] of the next token after <paramref name="ids"/> [batch, time], which sit at positions
    /// <paramref name="position"/> onwards of a window whose earlier keys and values are in <paramref name="cache"/> (and
    /// theirs are added to it). Either the window's start (position 0, any time: a prefill) or one token after it: the
    /// same numbers as <see cref="forward"/> on the whole window, for one position's work instead of the window's.
    /// </summary>
    public Tensor Step(Tensor ids, NoteCache cache, int position)
    {
        using var scope = NewDisposeScope();
        var time = (int)ids.shape[1];
        if (position + time > Shape.Context) throw new ArgumentException($"Positions {position}..{position + time - 1} run past the context of {Shape.Context}.");
        if (position > 0 && time != 1) throw new ArgumentException("After the window's start, the cache takes one token at a time.");
        var x = tokens.forward(ids).Plus(Positions(position, time));
        for (var i = 0; i < blocks.Count; i++) x = blocks[i].Step(x, cache.Keys[i], cache.Values[i], position);
        // Only the last position's logits are wanted: the head is the biggest matrix, so skip it for the rest of a prefill.
        x = final.forward(x[.., -1, ..]);
        return nn.functional.linear(x, tokens.weight!).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The embeddings of positions <paramref name="first"/> onwards: rows of the table, the same numbers and gradients as
    /// looking up <c>arange(first, first + count)</c>, without the three temporary Scalars <c>arange</c> makes.
    /// </summary>
    private Tensor Positions(long first, long count) => positions.weight!.narrow(0, first, count);
}

/// <summary>x + attention(norm(x)), then x + mlp(norm(x)).</summary>
internal sealed class NoteBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly LayerNorm norm2;
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly Linear up;
    private readonly Linear mlp_proj;
    private readonly int heads;

    public NoteBlock(int width, int heads) : base(nameof(NoteBlock))
    {
        this.heads = heads;
        norm1 = nn.LayerNorm(width);
        norm2 = nn.LayerNorm(width);
        qkv = nn.Linear(width, 3 * width);
        proj = nn.Linear(width, width);
        up = nn.Linear(width, 4 * width);
        mlp_proj = nn.Linear(4 * width, width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var split = Split(x);
        return Rest(x, nn.functional.scaled_dot_product_attention(split[0], split[1], split[2], null, 0.0, true));
    }

    /// <summary>
    /// The block on tokens at <paramref name="position"/> onwards: their keys and values are written into the caches
    /// [batch, heads, context, head width], and their queries attend to everything cached up to them.
    /// </summary>
    public Tensor Step(Tensor x, Tensor keys, Tensor values, int position)
    {
        var split = Split(x);
        var time = (int)x.shape[1];
        keys.narrow(2, position, time).copy_(split[1]);
        values.narrow(2, position, time).copy_(split[2]);
        // A prefill (from position 0) needs the causal mask; a single new token may see every cached position.
        var attended = nn.functional.scaled_dot_product_attention(split[0], keys.narrow(2, 0, position + time),
            values.narrow(2, 0, position + time), null, 0.0, position == 0 && time > 1);
        return Rest(x, attended);
    }

    /// <summary>Queries, keys and values, [3, batch, heads, time, head width].</summary>
    private Tensor Split(Tensor x)
    {
        var (batch, time, width) = (x.shape[0], x.shape[1], x.shape[2]);
        return qkv.forward(norm1.forward(x)).view(batch, time, 3, heads, width / heads).permute(2, 0, 3, 1, 4);
    }

    /// <summary>The attention's projection and the MLP, each added to the residual stream.</summary>
    private Tensor Rest(Tensor x, Tensor attended)
    {
        var (batch, time, width) = (x.shape[0], x.shape[1], x.shape[2]);
        x = x.Plus(proj.forward(attended.transpose(1, 2).reshape(batch, time, width)));
        return x.Plus(mlp_proj.forward(nn.functional.gelu(up.forward(norm2.forward(x)))));
    }
}
