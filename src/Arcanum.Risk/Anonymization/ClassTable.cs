using System.Numerics;

namespace Arcanum.Risk.Anonymization;

/// <summary>
/// Numbers the distinct 64-bit class keys of one transformation 0, 1, 2, ... in order of first appearance. It is an
/// open-addressing table (linear probing) that is built once and reused for every node the search checks: a
/// <see cref="Dictionary{TKey,TValue}"/> per check cost more in allocation and hashing than the check itself.
/// Clearing is O(1): a slot counts as empty unless its stamp is the current generation.
/// </summary>
internal sealed class ClassTable
{
    private readonly Slot[] _slots;
    private readonly int _shift;
    private int _generation = 1;

    /// <param name="capacity">The most distinct keys one use will hold; the table keeps at most half its slots
    /// full so that probes stay short.</param>
    public ClassTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, 2L * capacity));
        _slots = new Slot[slots];
        _shift = 64 - BitOperations.Log2((uint)slots);
        Capacity = capacity;
    }

    /// <summary>The most distinct keys one use may hold.</summary>
    public int Capacity { get; }

    /// <summary>Distinct keys since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Forgets every key.</summary>
    public void Clear()
    {
        Count = 0;
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_slots);
            _generation = 1;
        }
    }

    /// <summary>The key's id; a key not seen since the last clear gets the next id and <paramref name="added"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">More distinct keys than the capacity.</exception>
    public int IdOf(long key, out bool added)
    {
        // Fibonacci hashing spreads mixed-radix keys, whose low bits vary least, over the whole table.
        var slot = (int)((ulong)key * 0x9E3779B97F4A7C15UL >> _shift);
        var mask = _slots.Length - 1;
        while (_slots[slot].Stamp == _generation)
        {
            if (_slots[slot].Key == key)
            {
                added = false;
                return _slots[slot].Id;
            }
            slot = (slot + 1) & mask;
        }
        if (Count == Capacity)
            throw new InvalidOperationException($"More than {Capacity} distinct classes; the table is too small.");
        _slots[slot] = new Slot(key, Count, _generation);
        added = true;
        return Count++;
    }

    public override string ToString() => $"{Count} of {Capacity} classes";

    /// <summary>Key, id and stamp side by side, so that a probe reads one cache line.</summary>
    private readonly record struct Slot(long Key, int Id, int Stamp);
}
