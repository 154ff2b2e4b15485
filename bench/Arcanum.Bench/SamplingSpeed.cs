using System.Diagnostics;
using System.Text;
using Arcanum.Torch.Text;

namespace Arcanum.Bench;

/// <summary>
/// A note generator's sampling speed with its key/value cache and without (the whole window re-run for every byte),
/// on the same prompt, rows and seed, and whether both gave the same notes (they should, byte for byte).
/// </summary>
internal sealed record SamplingSpeed(double CachedBytesPerSecond, double PlainBytesPerSecond, bool SameNotes, int Rows, int Bytes)
{
    public static SamplingSpeed Measure(NoteGenerator model, string prompt, int rows, int maxBytes)
    {
        var clock = Stopwatch.StartNew();
        var cached = model.Generate(prompt, rows, maxBytes, seed: 3);
        var cachedSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var plain = model.Generate(prompt, rows, maxBytes, seed: 3, useCache: false);
        var plainSeconds = clock.Elapsed.TotalSeconds;
        var bytes = cached.Sum(n => Encoding.UTF8.GetByteCount(n) - Encoding.UTF8.GetByteCount(prompt));
        return new SamplingSpeed(bytes / cachedSeconds, bytes / plainSeconds, cached.SequenceEqual(plain), rows, bytes);
    }

    public override string ToString() =>
        FormattableString.Invariant($"{CachedBytesPerSecond:N0} bytes/s with the cache, {PlainBytesPerSecond:N0} without ({CachedBytesPerSecond / PlainBytesPerSecond:0.0}x; {Rows} rows, {Bytes:N0} bytes; same notes: {(SameNotes ? "yes" : "NO")})");
}
