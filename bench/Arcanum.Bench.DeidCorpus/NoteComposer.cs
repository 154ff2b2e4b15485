using Arcanum.Deid.Synthetic;

namespace Arcanum.Bench.DeidCorpus;

/// <summary>
/// Makes one labelled note from a source note: a header block of identifiers, the note's own text with its
/// existing PHI swapped for labelled surrogates, PHI sentences and one hard negative placed at paragraph ends,
/// then a follow-up line and a signature.
/// </summary>
internal sealed class NoteComposer(NameSource names, Random random)
{
    public NoteBuilder Compose(SourceNote source)
    {
        var id = NoteIdentity.Draw(names, random, source.Female);
        var resolver = new PhiResolver(id, names, random);
        var note = new NoteBuilder();
        foreach (var line in Shuffled(Snippets.Header).Take(random.Next(3, 8)))
            note.Template(line + "\n", resolver.Resolve);
        note.Plain("\n");

        var paragraphs = source.Text.Split("\n\n");
        var inserts = new List<string>[paragraphs.Length];
        for (var i = 0; i < inserts.Length; i++) inserts[i] = [];
        // Sentences go after prose, not after a section heading, as they would in a real narrative.
        int[] prose = [.. Enumerable.Range(0, paragraphs.Length).Where(i => paragraphs[i].TrimEnd().EndsWith('.'))];
        if (prose.Length == 0) prose = [paragraphs.Length - 1];
        foreach (var sentence in Shuffled(Snippets.Narrative).Take(random.Next(3, 7)))
            inserts[prose[random.Next(prose.Length)]].Add(sentence);
        inserts[prose[random.Next(prose.Length)]].Add(names.Pick(Snippets.HardNegatives));

        var sourceNames = SourceNames.Find(source.Text, source, id, names);
        for (var i = 0; i < paragraphs.Length; i++)
        {
            if (i > 0) note.Plain("\n\n");
            note.Add(ExistingPhi.Replace(paragraphs[i], sourceNames, random));
            foreach (var sentence in inserts[i])
                note.Template(random.Next(2) == 0 ? " " + sentence : "\n" + sentence, resolver.Resolve);
        }
        note.Template("\n\n" + names.Pick(Snippets.FollowUp), resolver.Resolve);
        note.Template("\n\n" + names.Pick(Snippets.Signature) + "\n", resolver.Resolve);
        return note;
    }

    private IEnumerable<string> Shuffled(string[] items)
    {
        var copy = (string[])items.Clone();
        random.Shuffle(copy);
        return copy;
    }
}
