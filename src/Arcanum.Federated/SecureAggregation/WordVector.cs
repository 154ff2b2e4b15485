using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// One vector of 32-bit words held in several arrays, one after another: a site's masked input is one array, and the server sums
/// into the model's own arrays (plus a word for the weight and the counts), so the unmasked sum becomes the new model without a
/// copy (bench/RESULTS.md h.12).
/// </summary>
internal sealed class WordVector<T> where T : unmanaged
{
    private readonly T[][] _segments;
    private readonly int[] _starts;

    public WordVector(IReadOnlyList<T[]> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (Unsafe.SizeOf<T>() != sizeof(uint)) throw new ArgumentException("A word vector holds 32-bit elements.", nameof(segments));
        _segments = [.. segments];
        _starts = new int[_segments.Length];
        var length = 0L;
        for (var i = 0; i < _segments.Length; i++)
        {
            _starts[i] = (int)length;
            length += (_segments[i] ?? throw new ArgumentNullException(nameof(segments), "A segment is null.")).Length;
        }
        Length = checked((int)length);
    }

    /// <summary>Words in all segments together.</summary>
    public int Length { get; }

    /// <summary>Segment <paramref name="segment"/> itself.</summary>
    public T[] Segment(int segment) => _segments[segment];

    /// <summary>The words of segment <paramref name="segment"/>.</summary>
    public Span<uint> Words(int segment) => MemoryMarshal.Cast<T, uint>(_segments[segment].AsSpan());

    /// <summary>
    /// Words [<paramref name="start"/>, <paramref name="start"/> + <paramref name="words"/>.Length) of the vector set to
    /// <paramref name="words"/> (<see cref="WordOp.Copy"/>), or <paramref name="words"/> added to or subtracted from them, mod 2^32.
    /// </summary>
    public void Combine(int start, ReadOnlySpan<uint> words, WordOp op)
    {
        foreach (var (segment, from, count, at) in Slices(start, words.Length))
        {
            var target = Words(segment).Slice(from, count);
            var source = words.Slice(at, count);
            switch (op)
            {
                case WordOp.Copy: source.CopyTo(target); break;
                case WordOp.Add: TensorPrimitives.Add(target, source, target); break;
                case WordOp.Subtract: TensorPrimitives.Subtract(target, source, target); break;
                default: throw new ArgumentOutOfRangeException(nameof(op), op, null);
            }
        }
    }

    /// <summary>
    /// The pieces of segments that hold words [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>), in order: each
    /// as its segment, where in it the piece begins, its length, and where in the range it begins.
    /// </summary>
    private IEnumerable<(int Segment, int From, int Count, int At)> Slices(int start, int count)
    {
        if (start < 0 || count < 0 || start > Length - count)
            throw new ArgumentOutOfRangeException(nameof(count), $"Words {start} to {start + count} are outside the vector's {Length}.");
        return Walk(start, count);
    }

    private IEnumerable<(int Segment, int From, int Count, int At)> Walk(int start, int count)
    {
        if (count == 0) yield break;
        // The last segment that starts at or before `start` and is not empty there.
        var segment = Array.BinarySearch(_starts, start);
        if (segment < 0) segment = ~segment - 1;
        while (segment < _segments.Length - 1 && _starts[segment + 1] <= start) segment++;
        for (var at = 0; at < count; segment++)
        {
            var from = start + at - _starts[segment];
            var n = Math.Min(_segments[segment].Length - from, count - at);
            if (n <= 0) continue;
            yield return (segment, from, n, at);
            at += n;
        }
    }
}

/// <summary>How <see cref="WordVector{T}.Combine"/> writes words into the vector.</summary>
internal enum WordOp { Copy, Add, Subtract }
