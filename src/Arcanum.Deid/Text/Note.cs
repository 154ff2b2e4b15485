namespace Arcanum.Deid.Text;

/// <summary>One note to de-identify: its id in spans.jsonl (relative path or JSONL id), patient and text.</summary>
internal sealed record Note(string Id, string Patient, string Text)
{
    public override string ToString() => $"Note {{ Id = {Id}, {Text.Length} chars }}";
}
