using Arcanum.Deid;

namespace Arcanum.Bench.DeidCorpus;

/// <summary>What one part of the corpus holds: notes, characters and gold spans per type.</summary>
internal sealed record CorpusSummary(string Part, int Notes, long Characters, IReadOnlyDictionary<PhiType, int> Spans);
