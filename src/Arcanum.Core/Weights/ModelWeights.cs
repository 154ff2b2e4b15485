namespace Arcanum.Core.Weights;

/// <summary>
/// An ordered set of named arrays. This is the currency that crosses every boundary in Arcanum:
/// trainer to algorithm, site to server, process to file. Tensors never leave Arcanum.Torch.
/// </summary>
public sealed class ModelWeights
{
    private readonly List<NamedArray> _arrays;
    private readonly Dictionary<string, NamedArray> _byName;

    public ModelWeights(IEnumerable<NamedArray> arrays)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        _arrays = [.. arrays];
        _byName = new Dictionary<string, NamedArray>(StringComparer.Ordinal);
        foreach (var a in _arrays)
        {
            if (!_byName.TryAdd(a.Name, a))
                throw new ArgumentException($"Duplicate array name '{a.Name}'.", nameof(arrays));
        }
    }

    public IReadOnlyList<NamedArray> Arrays => _arrays;

    public int Count => _arrays.Count;

    /// <summary>Total number of scalar values over all arrays.</summary>
    public long ParameterCount => _arrays.Sum(a => (long)a.Length);

    public NamedArray this[string name] =>
        _byName.TryGetValue(name, out var a) ? a : throw new KeyNotFoundException($"No array named '{name}'. Known: {string.Join(", ", _byName.Keys)}.");

    public bool Contains(string name) => _byName.ContainsKey(name);

    public ModelWeights Clone() => new(_arrays.Select(a => a.Clone()));

    public ModelWeights ZerosLike() => new(_arrays.Select(a => a.ZerosLike()));

    /// <summary>Throws unless <paramref name="other"/> has the same names, order and shapes.</summary>
    public void EnsureCompatible(ModelWeights other, string what = "weights")
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count != Count)
            throw new ArgumentException($"The {what} have {other.Count} arrays; expected {Count}.");
        for (var i = 0; i < _arrays.Count; i++)
        {
            var mine = _arrays[i];
            var theirs = other._arrays[i];
            if (mine.Name != theirs.Name || !mine.HasSameShape(theirs))
                throw new ArgumentException($"The {what} do not match the model: expected {mine}, got {theirs}.");
        }
    }

    public override string ToString() => $"ModelWeights({Count} arrays, {ParameterCount} values)";
}
