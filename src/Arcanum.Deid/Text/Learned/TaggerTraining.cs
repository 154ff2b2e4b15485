using System.Diagnostics;

namespace Arcanum.Deid.Text.Learned;

/// <summary>One labelled note for training: its text and the gold spans in it.</summary>
public sealed record LabelledNote(string Text, IReadOnlyList<PhiSpan> Gold);

/// <summary>
/// Trains a <see cref="TokenTagger"/>: an averaged perceptron (Collins 2002) over the tokens of labelled notes, in
/// a number of passes over the notes in a seeded order. Training decodes as prediction does (greedy,
/// the previous token's predicted label as a feature), so the model learns to recover from its own mistakes.
/// Same notes, epochs and seed, same model.
/// </summary>
public static class TaggerTraining
{
    public static TokenTagger Train(IReadOnlyList<LabelledNote> notes, int epochs = 8, int seed = 1,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (epochs < 1) throw new DeidInputException($"--epochs must be at least 1; got {epochs}.");
        if (notes.Count == 0) throw new DeidInputException("There are no labelled notes to train on.");
        var clock = Stopwatch.StartNew();
        var prepared = notes.Select(Prepare).ToArray();
        var spans = PhiTypes.All.ToDictionary(PhiTypes.ToName, _ => 0);
        foreach (var note in notes)
            foreach (var span in note.Gold) spans[PhiTypes.ToName(span.Type)]++;
        if (spans.Values.Sum() == 0) throw new DeidInputException("The gold spans mark no identifier in these notes; there is nothing to learn.");

        var model = new Averaged(TokenTagger.Labels);
        var order = Enumerable.Range(0, prepared.Length).ToArray();
        var random = new Random(seed);
        var features = new List<ulong>(48);
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            random.Shuffle(order);
            var (mistakes, tokens) = (0L, 0L);
            foreach (var n in order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var note = prepared[n];
                var previous = 0;
                for (var i = 0; i < note.Labels.Length; i++)
                {
                    features.Clear();
                    features.AddRange(note.Observed[i]);
                    TaggerFeatures.WithPrevious(note.Text, note.Tokens[i], previous, features);
                    var guess = model.Best(features);
                    var truth = note.Labels[i];
                    model.Tick();
                    if (guess != truth)
                    {
                        model.Update(features, truth, guess);
                        mistakes++;
                    }
                    tokens++;
                    previous = guess;
                }
            }
            progress?.Report($"epoch {epoch}/{epochs}: {mistakes:N0} of {tokens:N0} tokens mislabelled ({(double)mistakes / Math.Max(1, tokens):P2})");
        }
        var (rows, weights) = model.Averages();
        var card = new TaggerCard
        {
            Notes = notes.Count,
            Tokens = prepared.Sum(p => (long)p.Labels.Length),
            Spans = spans.Where(s => s.Value > 0).ToDictionary(),
            Epochs = epochs,
            Seed = seed,
            TrainingSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
            Created = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        return new TokenTagger(rows, weights, card);
    }

    /// <summary>The label each token should get: the type of a gold span it overlaps, else 0.</summary>
    internal static int[] GoldLabels(List<Token> tokens, IReadOnlyList<PhiSpan> gold)
    {
        var labels = new int[tokens.Count];
        var sorted = gold.OrderBy(g => g.Start).ToArray();
        var g = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            while (g < sorted.Length && sorted[g].End <= t.Start) g++;
            if (g < sorted.Length && sorted[g].Start < t.End) labels[i] = (int)sorted[g].Type + 1;
        }
        return labels;
    }

    private static Prepared Prepare(LabelledNote note)
    {
        var tokens = Tokenizer.Tokens(note.Text);
        var observed = new ulong[tokens.Count][];
        var buffer = new List<ulong>(48);
        for (var i = 0; i < tokens.Count; i++)
        {
            TaggerFeatures.Observed(note.Text, tokens, i, buffer);
            observed[i] = [.. buffer];
        }
        return new Prepared(note.Text, tokens, observed, GoldLabels(tokens, note.Gold));
    }

    private sealed record Prepared(string Text, List<Token> Tokens, ulong[][] Observed, int[] Labels);

    /// <summary>
    /// Perceptron weights with the lazy averaging trick: each weight remembers when it last changed, so the running
    /// sum of its past values is brought up to date only when it changes again (and once at the end).
    /// </summary>
    private sealed class Averaged(int labels)
    {
        private readonly Dictionary<ulong, int> _rows = [];
        private float[] _weights = new float[1024 * labels];
        private double[] _sums = new double[1024 * labels];
        private long[] _stamps = new long[1024 * labels];
        private readonly float[] _scores = new float[labels];
        private long _clock;

        public void Tick() => _clock++;

        public int Best(List<ulong> features)
        {
            Array.Clear(_scores);
            foreach (var f in features)
            {
                if (!_rows.TryGetValue(f, out var row)) continue;
                for (var y = 0; y < labels; y++) _scores[y] += _weights[row * labels + y];
            }
            var best = 0;
            for (var y = 1; y < labels; y++) if (_scores[y] > _scores[best]) best = y;
            return best;
        }

        public void Update(List<ulong> features, int truth, int guess)
        {
            foreach (var f in features)
            {
                var row = Row(f);
                Add(row * labels + truth, +1);
                Add(row * labels + guess, -1);
            }
        }

        private void Add(int at, float delta)
        {
            _sums[at] += (_clock - _stamps[at]) * (double)_weights[at];
            _stamps[at] = _clock;
            _weights[at] += delta;
        }

        private int Row(ulong feature)
        {
            if (_rows.TryGetValue(feature, out var row)) return row;
            row = _rows.Count;
            if ((row + 1) * labels > _weights.Length)
            {
                Array.Resize(ref _weights, _weights.Length * 2);
                Array.Resize(ref _sums, _sums.Length * 2);
                Array.Resize(ref _stamps, _stamps.Length * 2);
            }
            _rows[feature] = row;
            return row;
        }

        /// <summary>Each weight averaged over every step; features whose averages are all zero are dropped.</summary>
        public (Dictionary<ulong, int> Rows, float[] Weights) Averages()
        {
            var rows = new Dictionary<ulong, int>();
            var kept = new List<float>();
            foreach (var (feature, row) in _rows.OrderBy(r => r.Value))
            {
                var averaged = new float[labels];
                var any = false;
                for (var y = 0; y < labels; y++)
                {
                    var at = row * labels + y;
                    var sum = _sums[at] + (_clock - _stamps[at]) * (double)_weights[at];
                    averaged[y] = (float)(sum / Math.Max(1, _clock));
                    any |= averaged[y] != 0;
                }
                if (!any) continue;
                rows[feature] = rows.Count;
                kept.AddRange(averaged);
            }
            return (rows, [.. kept]);
        }
    }
}
