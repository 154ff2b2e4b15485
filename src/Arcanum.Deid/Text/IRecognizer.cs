namespace Arcanum.Deid.Text;

/// <summary>One layer of detection: adds the spans it finds in a note; overlaps are resolved afterwards.</summary>
internal interface IRecognizer
{
    void Find(string text, List<Token> tokens, List<PhiSpan> found);
}
