using System.Buffers.Binary;
using System.Text.Json;

namespace Arcanum.Deid.Text.Learned;

/// <summary>
/// A learned PHI tagger: each token gets a label (not PHI, or one <see cref="PhiType"/>) from an averaged perceptron
/// over <see cref="TaggerFeatures"/>, decoded greedily left to right (the previous token's label is a feature), and
/// neighbouring tokens of one label become one span. It is a recogniser beside the rules, not instead of them: its
/// spans are merged with theirs, so it can only add recall. Train it with <see cref="TaggerTraining"/> or
/// <c>arcanum deid train</c>. Thread-safe once built.
/// </summary>
public sealed class TokenTagger
{
    /// <summary>The weights file of a model folder; <see cref="CardFile"/> says what it was trained on.</summary>
    public const string WeightsFile = "tagger.bin";
    public const string CardFile = "tagger.json";
    private const string Format = "arcanum-phi-tagger";
    private const int Version = 1;
    private static readonly byte[] Magic = "ARCTAG01"u8.ToArray();

    /// <summary>Label 0 is "not PHI"; label t + 1 is <see cref="PhiType"/> t.</summary>
    internal static readonly int Labels = PhiTypes.All.Count + 1;

    private readonly Dictionary<ulong, int> _rows;
    private readonly float[] _weights;

    internal TokenTagger(Dictionary<ulong, int> rows, float[] weights, TaggerCard card)
    {
        _rows = rows;
        _weights = weights;
        Card = card;
    }

    /// <summary>What the model was trained on (counts only, never text).</summary>
    public TaggerCard Card { get; }

    /// <summary>How many features carry a weight.</summary>
    public int Features => _rows.Count;

    internal bool HasFeature(ulong hash) => _rows.ContainsKey(hash);

    /// <summary>The spans the tagger finds in <paramref name="text"/>, in text order (they may touch the rules' spans).</summary>
    public IReadOnlyList<PhiSpan> Tag(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<PhiSpan>();
        Find(text, Tokenizer.Tokens(text), found);
        return found;
    }

    internal void Find(string text, List<Token> tokens, List<PhiSpan> found)
    {
        var labels = Decode(text, tokens);
        ToSpans(text, tokens, labels, found);
    }

    internal int[] Decode(string text, List<Token> tokens)
    {
        var labels = new int[tokens.Count];
        var features = new List<ulong>(48);
        var scores = new float[Labels];
        var previous = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            TaggerFeatures.Observed(text, tokens, i, features);
            TaggerFeatures.WithPrevious(text, tokens[i], previous, features);
            labels[i] = previous = Best(features, scores);
        }
        return labels;
    }

    private int Best(List<ulong> features, float[] scores)
    {
        Array.Clear(scores);
        foreach (var f in features)
        {
            if (!_rows.TryGetValue(f, out var row)) continue;
            var w = _weights.AsSpan(row * Labels, Labels);
            for (var y = 0; y < Labels; y++) scores[y] += w[y];
        }
        var best = 0;
        for (var y = 1; y < Labels; y++) if (scores[y] > scores[best]) best = y;
        return best;
    }

    /// <summary>
    /// Runs of tokens with one PHI label become one span when only a short gap on one line lies between them
    /// ("Mercy West ED", "555-123-4567", "j.doe@x.org").
    /// </summary>
    internal static void ToSpans(string text, List<Token> tokens, int[] labels, List<PhiSpan> found)
    {
        var i = 0;
        while (i < tokens.Count)
        {
            if (labels[i] == 0)
            {
                i++;
                continue;
            }
            var j = i;
            while (j + 1 < tokens.Count && labels[j + 1] == labels[i] && Joins(text, tokens[j].End, tokens[j + 1].Start)) j++;
            if (Checked(text, new PhiSpan(tokens[i].Start, tokens[j].End, (PhiType)(labels[i] - 1))) is { } span) found.Add(span);
            i = j + 1;
        }
    }

    /// <summary>
    /// What a type's definition rules out, applied to the tagger's guesses: Safe Harbor removes only ages over 89, a
    /// phone number has at least 7 digits, and an e-mail address or URL has its '@' or its dots and slashes. A guess
    /// of e-mail or URL over plain words ("dr . gonzalez" in a lower-case transcript) is kept as a name, over words and
    /// numbers as an identifier (recall first: the span stays, only its type was wrong), and so is a "phone number"
    /// with letters and too few digits; a bare number under 90 called an age, and a short run of digits called a phone
    /// number ("150/100", a blood pressure), are dropped. The rules enforce the same definitions on their own spans.
    /// </summary>
    internal static PhiSpan? Checked(string text, PhiSpan span)
    {
        var value = text.AsSpan(span.Start, span.Length);
        var digits = 0;
        foreach (var c in value) if (char.IsAsciiDigit(c)) digits++;
        return span.Type switch
        {
            PhiType.Age => !int.TryParse(value, out var age) || age >= 90 ? span : null,
            PhiType.Phone when digits >= 7 => span,
            PhiType.Phone => value.ContainsAnyExcept("0123456789-/.() ") ? span with { Type = PhiType.Id } : null,
            PhiType.Email when value.Contains('@') => span,
            PhiType.Url when value.IndexOfAny('/', '.') >= 0 && value.IndexOf(' ') < 0 => span,
            PhiType.Email or PhiType.Url => span with { Type = digits == 0 ? PhiType.Name : PhiType.Id },
            _ => span,
        };
    }

    private static bool Joins(string text, int end, int start) =>
        start - end <= 3 && text.AsSpan(end, start - end).IndexOfAny('\n', '\r') < 0;

    /// <summary>Writes <see cref="WeightsFile"/> and <see cref="CardFile"/> into <paramref name="directory"/> (which must exist).</summary>
    public void Save(string directory)
    {
        using (var stream = File.Create(Path.Combine(directory, WeightsFile)))
        {
            stream.Write(Magic);
            Span<byte> word = stackalloc byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(word, _rows.Count);
            BinaryPrimitives.WriteInt32LittleEndian(word[4..], Labels);
            stream.Write(word);
            foreach (var (hash, row) in _rows.OrderBy(r => r.Value))
            {
                BinaryPrimitives.WriteUInt64LittleEndian(word, hash);
                stream.Write(word);
                foreach (var w in _weights.AsSpan(row * Labels, Labels))
                {
                    BinaryPrimitives.WriteSingleLittleEndian(word, w);
                    stream.Write(word[..4]);
                }
            }
        }
        File.WriteAllText(Path.Combine(directory, CardFile), JsonSerializer.Serialize(Card with { Format = Format, Version = Version, Features = _rows.Count }, CardJson));
    }

    /// <summary>Reads a model folder written by <see cref="Save"/>.</summary>
    /// <exception cref="DeidInputException">Not a tagger folder, or a damaged or newer one.</exception>
    public static TokenTagger Load(string directory)
    {
        var card = Path.Combine(directory, CardFile);
        var weights = Path.Combine(directory, WeightsFile);
        if (!File.Exists(card) || !File.Exists(weights))
            throw new DeidInputException($"'{directory}' is not a tagger model folder: it needs {CardFile} and {WeightsFile} (written by arcanum deid train).");
        TaggerCard info;
        try
        {
            info = JsonSerializer.Deserialize<TaggerCard>(File.ReadAllText(card), CardJson)
                ?? throw new DeidInputException($"'{card}' is empty.");
        }
        catch (JsonException e)
        {
            throw new DeidInputException($"'{card}' is not a tagger card: {e.Message}");
        }
        if (info.Format != Format || info.Version > Version)
            throw new DeidInputException($"'{card}' is format {info.Format} version {info.Version}; this build reads {Format} up to version {Version}.");
        var bytes = File.ReadAllBytes(weights);
        if (bytes.Length < 16 || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            throw new DeidInputException($"'{weights}' is not a tagger weights file.");
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        var labels = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        if (labels != Labels)
            throw new DeidInputException($"'{weights}' has {labels} labels; this build has {Labels} (its PHI types differ).");
        var rowBytes = 8 + 4L * labels;
        if (count < 0 || bytes.Length != 16 + count * rowBytes)
            throw new DeidInputException($"'{weights}' is truncated or damaged ({bytes.Length} bytes for {count} features).");
        var rows = new Dictionary<ulong, int>(count);
        var values = new float[count * labels];
        for (var r = 0; r < count; r++)
        {
            var at = (int)(16 + r * rowBytes);
            if (!rows.TryAdd(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at)), r))
                throw new DeidInputException($"'{weights}' is damaged (a feature appears twice).");
            for (var y = 0; y < labels; y++)
                values[r * labels + y] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(at + 8 + 4 * y));
        }
        return new TokenTagger(rows, values, info);
    }

    private static readonly JsonSerializerOptions CardJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}

/// <summary>What a tagger was trained on: counts of notes, tokens and spans per type, and its settings. Never text.</summary>
public sealed record TaggerCard
{
    public string Format { get; init; } = "";
    public int Version { get; init; }
    public int Notes { get; init; }
    public long Tokens { get; init; }
    public Dictionary<string, int> Spans { get; init; } = [];
    public int Epochs { get; init; }
    public int Seed { get; init; }
    public int Features { get; init; }
    public double TrainingSeconds { get; init; }
    public string Created { get; init; } = "";
}
