namespace Arcanum.Data;

/// <summary>Tokenised text before typing: trimmed cells (null = missing) and the file line each row starts on.</summary>
internal sealed record RawTable(string Source, string[] Header, int HeaderLine, IReadOnlyList<string?[]> Rows, IReadOnlyList<int> Lines);
