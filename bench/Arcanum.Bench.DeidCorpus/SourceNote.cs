namespace Arcanum.Bench.DeidCorpus;

/// <summary>
/// One public synthetic note (ACI-Bench visit note or MTS-Dialog section) and the names its metadata says it
/// mentions (empty when unknown), so they can be replaced by surrogates and labelled.
/// </summary>
internal sealed record SourceNote(string Id, string Text, string PatientFirst, string PatientLast,
    bool? Female);
