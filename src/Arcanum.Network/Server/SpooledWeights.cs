using System.Buffers;
using System.Numerics.Tensors;
using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Server;

/// <summary>
/// A site's upload as the server spooled it to disk: safetensors whose arrays are all under <c>weights/</c>. Folding reads it
/// twice through one 1 MiB buffer, first to check every name, shape and value, then to fold, so the server holds the
/// global model and the running sum but never a whole upload (the second read comes from the page cache). Arrays are
/// matched to the model by name, so a site may write them in any order (Python's safetensors sorts them).
/// </summary>
/// <param name="file">The spooled upload; it exists while the answer is taken.</param>
/// <param name="readAll">Reads the whole upload, for aggregations that need it whole.</param>
internal sealed class SpooledWeights(string file, Func<string, ModelWeights> readAll) : IWeightUpload
{
    private const int PieceValues = 1 << 18;

    public ModelWeights ReadAll() => readAll(file);

    public void Fold(ModelWeights layout, WeightPieceAction fold)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(fold);
        Pass(layout, null);
        Pass(layout, fold);
    }

    /// <summary>Whether every array of the upload is under <c>weights/</c> (no SCAFFOLD control delta).</summary>
    public static bool HoldsOnlyWeights(SafeTensorsReader reader) =>
        reader.Entries.All(e => e.Name.StartsWith(Payloads.Weights, StringComparison.Ordinal));

    /// <summary>Throws unless every array is finite: one site's NaN would otherwise end the round for everyone.</summary>
    public static void EnsureFinite(ModelWeights weights)
    {
        foreach (var array in weights.Arrays) EnsureFinite(array.Data, array.Name);
    }

    private static void EnsureFinite(ReadOnlySpan<float> values, string name)
    {
        if (!values.IsEmpty && !float.IsFinite(TensorPrimitives.MaxMagnitude(values)))
            throw new FormatException($"The trained weights hold a value that is not a finite number in array '{name}'.");
    }

    private void Pass(ModelWeights layout, WeightPieceAction? fold)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var reader = SafeTensorsReader.Open(stream);
        var index = IndexByName(layout, reader);
        var buffer = ArrayPool<float>.Shared.Rent(PieceValues);
        try
        {
            while (reader.Next is { } entry)
            {
                var array = index[entry.Name];
                var offset = 0;
                var remaining = entry.Count;
                do
                {
                    var n = reader.ReadNextPart(buffer.AsSpan(0, PieceValues));
                    var piece = buffer.AsSpan(0, n);
                    if (fold is null) EnsureFinite(piece, entry.Name[Payloads.Weights.Length..]);
                    else fold(array, offset, piece);
                    offset += n;
                    remaining -= n;
                }
                while (remaining > 0);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Each upload array's position in the model; throws unless the upload has exactly the model's arrays.</summary>
    private static Dictionary<string, int> IndexByName(ModelWeights layout, SafeTensorsReader reader)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in reader.Entries)
        {
            if (!entry.Name.StartsWith(Payloads.Weights, StringComparison.Ordinal))
                throw new FormatException($"The result payload has an array '{entry.Name}' outside '{Payloads.Weights}'.");
            var name = entry.Name[Payloads.Weights.Length..];
            if (!layout.Contains(name))
                throw new ArgumentException($"The trained weights have an extra array '{name}' that the model does not have.");
            var expected = layout[name];
            if (!expected.Shape.AsSpan().SequenceEqual(entry.Shape))
                throw new ArgumentException($"Array '{name}' in the trained weights has shape [{string.Join("x", entry.Shape)}]; " +
                    $"the model expects [{string.Join("x", expected.Shape)}].");
            if (!index.TryAdd(entry.Name, IndexOf(layout, name)))
                throw new ArgumentException($"The trained weights hold array '{name}' twice.");
        }
        if (index.Count < layout.Count)
        {
            var missing = layout.Arrays.First(a => !index.ContainsKey(Payloads.Weights + a.Name)).Name;
            throw new ArgumentException($"The trained weights are missing array '{missing}' (they have {index.Count} arrays; the model has {layout.Count}).");
        }
        return index;
    }

    private static int IndexOf(ModelWeights layout, string name)
    {
        for (var i = 0; i < layout.Count; i++)
            if (string.Equals(layout.Arrays[i].Name, name, StringComparison.Ordinal)) return i;
        throw new KeyNotFoundException(name);
    }
}
