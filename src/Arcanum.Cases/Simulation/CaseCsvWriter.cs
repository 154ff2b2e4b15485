using System.Buffers.Text;
using System.Text;
using Arcanum.Core.IO;

namespace Arcanum.Cases.Simulation;

/// <summary>
/// Writes cases as CSV: <c>case,age,sex,disease,evidences</c>, then one 0/1 column per one-hot column. Evidences are
/// a list in DDXPlus's own format (<c>['E_91', 'E_56_@_3']</c>), so tools written for DDXPlus read them. Bytes are
/// assembled by hand from a row template: the CSV of 100,000 cases with a thousand columns is 200 MB.
/// </summary>
public static class CaseCsvWriter
{
    public static void Write(CompiledKnowledgeBase kb, CaseBatch cases, string path, bool oneHot = true) =>
        AtomicFile.Write(path, stream => Write(kb, cases, stream, oneHot));

    public static void Write(CompiledKnowledgeBase kb, CaseBatch cases, Stream stream, bool oneHot = true)
    {
        var header = new StringBuilder("case,age,sex,disease,evidences");
        if (oneHot) foreach (var column in kb.Columns) header.Append(',').Append(Quote(column));
        stream.Write(Encoding.UTF8.GetBytes(header.Append('\n').ToString()));
        var diseases = kb.Diseases.Select(d => Encoding.UTF8.GetBytes(Quote(d.Name))).ToArray();
        var evidence = kb.Columns.Select(c => Encoding.UTF8.GetBytes($"'{c}'")).ToArray();
        var template = oneHot ? Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(",0", kb.Columns.Count))) : [];
        var buffer = new byte[1 << 16];
        var used = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            var set = cases.ColumnsOf(i);
            var need = 64 + diseases[cases.Disease[i]].Length + template.Length + set.Length * 64;
            if (used + need > buffer.Length)
            {
                stream.Write(buffer, 0, used);
                used = 0;
                if (need > buffer.Length) buffer = new byte[need * 2];
            }
            var span = buffer.AsSpan();
            used += Number(span[used..], i + 1);
            span[used++] = (byte)',';
            used += Number(span[used..], cases.Age[i]);
            span[used++] = (byte)',';
            span[used++] = cases.Sex[i] == 0 ? (byte)'F' : (byte)'M';
            span[used++] = (byte)',';
            diseases[cases.Disease[i]].CopyTo(span[used..]);
            used += diseases[cases.Disease[i]].Length;
            span[used++] = (byte)',';
            // The list holds ", " so the field is quoted; its own quotes are single, so nothing needs doubling.
            "\"["u8.CopyTo(span[used..]);
            used += 2;
            for (var k = 0; k < set.Length; k++)
            {
                if (k > 0)
                {
                    ", "u8.CopyTo(span[used..]);
                    used += 2;
                }
                evidence[set[k]].CopyTo(span[used..]);
                used += evidence[set[k]].Length;
            }
            "]\""u8.CopyTo(span[used..]);
            used += 2;
            if (oneHot)
            {
                template.CopyTo(span[used..]);
                foreach (var c in set) span[used + 2 * c + 1] = (byte)'1';
                used += template.Length;
            }
            span[used++] = (byte)'\n';
        }
        stream.Write(buffer, 0, used);
    }

    private static int Number(Span<byte> destination, int value)
    {
        Utf8Formatter.TryFormat(value, destination, out var written);
        return written;
    }

    /// <summary>RFC 4180: quoted when it holds a comma, quote or line break, inner quotes doubled.</summary>
    internal static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
