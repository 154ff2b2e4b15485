using System.Text;

namespace Arcanum.Deid.Synthetic;

/// <summary>
/// Builds one note and its gold spans together, so a span can only ever point at the text that was inserted for it.
/// Templates hold <c>{key}</c> placeholders that a resolver turns into pieces (a title stays outside the span).
/// </summary>
public sealed class NoteBuilder
{
    private readonly StringBuilder text = new();
    private readonly List<PhiSpan> spans = [];

    public int Length => text.Length;

    public IReadOnlyList<PhiSpan> Spans => spans;

    public string Text => text.ToString();

    public NoteBuilder Add(Piece piece)
    {
        if (piece.Text.Length == 0) return this;
        if (piece.Type is { } type) spans.Add(new PhiSpan(text.Length, text.Length + piece.Text.Length, type));
        text.Append(piece.Text);
        return this;
    }

    public NoteBuilder Add(IEnumerable<Piece> pieces)
    {
        foreach (var piece in pieces) Add(piece);
        return this;
    }

    public NoteBuilder Plain(string plain) => Add(Piece.Plain(plain));

    /// <summary>Appends <paramref name="template"/>, each <c>{key}</c> replaced by what the resolver gives.</summary>
    public NoteBuilder Template(string template, Func<string, IEnumerable<Piece>> resolve)
    {
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            if (open < 0)
            {
                Plain(template[at..]);
                break;
            }
            var close = template.IndexOf('}', open);
            if (close < 0) throw new InvalidOperationException($"Unclosed placeholder in template '{template}'.");
            Plain(template[at..open]);
            Add(resolve(template[(open + 1)..close]));
            at = close + 1;
        }
        return this;
    }
}
