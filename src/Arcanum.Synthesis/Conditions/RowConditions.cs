using System.Globalization;
using System.Text;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Conditions;

/// <summary>
/// A parsed <c>where</c> text such as <c>diagnosis = malignant and age &gt;= 70</c>: clauses joined by
/// <c>and</c>; operators = != &lt; &lt;= &gt; &gt;=; values bare or in quotes ('...' or "..."), column names
/// bare or in double quotes or backticks. Checked against the model's schema when parsed: unknown
/// columns, levels the real data never had, and ranges outside the real range are errors, before any
/// sampling starts.
/// </summary>
public sealed class RowConditions
{
    private RowConditions(string text, IReadOnlyList<Condition> clauses, IReadOnlyList<ColumnConstraint> constraints)
    {
        Text = text;
        Clauses = clauses;
        Constraints = constraints;
    }

    public string Text { get; }

    public IReadOnlyList<Condition> Clauses { get; }

    /// <summary>One constraint per constrained column, in the order first named.</summary>
    public IReadOnlyList<ColumnConstraint> Constraints { get; }

    public override string ToString() => Text;

    /// <exception cref="SynthesisException">Bad syntax, an unknown or identifier column, an unknown level, a value that is not a number or date, or a condition the real data's range cannot meet.</exception>
    public static RowConditions Parse(string text, TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (string.IsNullOrWhiteSpace(text)) throw new SynthesisException("The condition is empty. Example: \"diagnosis = malignant and age >= 70\".");
        var tokens = Tokenize(text);
        var clauses = new List<Condition>();
        var i = 0;
        while (true)
        {
            if (i + 3 > tokens.Count)
                throw new SynthesisException($"Condition \"{text}\" is incomplete: each clause is <column> <operator> <value>, joined by 'and'.");
            var (column, _) = tokens[i];
            var (opText, opIsWord) = tokens[i + 1];
            var (value, _) = tokens[i + 2];
            var op = opIsWord ? (ConditionOperator?)null : ParseOperator(opText);
            if (op is null)
                throw new SynthesisException($"In \"{text}\": '{opText}' after '{column}' is not an operator (use = != < <= > >=).");
            clauses.Add(new Condition(column, op.Value, value));
            i += 3;
            if (i == tokens.Count) break;
            if (!string.Equals(tokens[i].Text, "and", StringComparison.OrdinalIgnoreCase) || !tokens[i].IsWord)
                throw new SynthesisException($"In \"{text}\": expected 'and' after '{clauses[^1]}', found '{tokens[i].Text}'. Only 'and' joins clauses; put values with spaces in quotes.");
            i++;
        }

        var byColumn = new Dictionary<string, ColumnConstraint>(StringComparer.Ordinal);
        var order = new List<ColumnConstraint>();
        foreach (var clause in clauses)
        {
            var column = schema.Find(clause.Column)
                ?? throw new SynthesisException($"The condition names column '{clause.Column}', which the model does not have. " +
                    $"{DidYouMean.Phrase(clause.Column, schema.Learned.Select(c => c.Name))}Columns: {string.Join(", ", schema.Learned.Select(c => c.Name))}.");
            if (column.IsIdentifier)
                throw new SynthesisException($"Column '{clause.Column}' is an identifier: synthetic rows get fresh identifiers, so it cannot be conditioned on.");
            if (!byColumn.TryGetValue(column.Name, out var constraint))
            {
                constraint = new ColumnConstraint(column, schema.LearnedIndex(column.Name));
                byColumn[column.Name] = constraint;
                order.Add(constraint);
            }
            Apply(constraint, clause, text);
        }
        foreach (var constraint in order) CheckSatisfiable(constraint, text);
        return new RowConditions(text.Trim(), clauses, order);
    }

    private static void Apply(ColumnConstraint constraint, Condition clause, string text)
    {
        var column = constraint.Column;
        if (column.IsCategorical)
        {
            if (clause.Operator is not (ConditionOperator.Equal or ConditionOperator.NotEqual))
                throw new SynthesisException($"'{clause}': column '{column.Name}' holds categories; use = or !=.");
            var level = -1;
            for (var l = 0; l < column.Levels.Count; l++)
            {
                if (column.Levels[l] == clause.Value) level = l;
            }
            if (level < 0)
            {
                throw new SynthesisException($"'{clause}': column '{column.Name}' never has '{clause.Value}' in the real data, so no synthetic row can. " +
                    DidYouMean.Phrase(clause.Value, column.Levels) + $"Levels: {string.Join(", ", column.Levels.Take(30))}{(column.Levels.Count > 30 ? ", ..." : "")}.");
            }
            for (var l = 0; l < constraint.Allowed!.Length; l++)
            {
                var keep = clause.Operator == ConditionOperator.Equal ? l == level : l != level;
                constraint.Allowed[l] &= keep;
            }
            return;
        }

        double value;
        if (column.Type == ColumnType.Date)
        {
            if (!DateTime.TryParseExact(clause.Value, ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
                throw new SynthesisException($"'{clause}': column '{column.Name}' holds dates; write the value as yyyy-MM-dd.");
            value = (date - DateTime.UnixEpoch).TotalDays;
        }
        else if (!double.TryParse(clause.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            throw new SynthesisException($"'{clause}': column '{column.Name}' holds numbers, and '{clause.Value}' is not one.");
        }

        switch (clause.Operator)
        {
            case ConditionOperator.Equal:
                Tighten(constraint, value, true, lower: true);
                Tighten(constraint, value, true, lower: false);
                break;
            case ConditionOperator.NotEqual:
                constraint.Excluded.Add(value);
                break;
            case ConditionOperator.Greater: Tighten(constraint, value, false, lower: true); break;
            case ConditionOperator.GreaterOrEqual: Tighten(constraint, value, true, lower: true); break;
            case ConditionOperator.Less: Tighten(constraint, value, false, lower: false); break;
            case ConditionOperator.LessOrEqual: Tighten(constraint, value, true, lower: false); break;
        }
    }

    private static void Tighten(ColumnConstraint c, double value, bool inclusive, bool lower)
    {
        if (lower)
        {
            if (value > c.Lower || (value == c.Lower && !inclusive))
            {
                c.Lower = value;
                c.LowerInclusive = inclusive;
            }
        }
        else if (value < c.Upper || (value == c.Upper && !inclusive))
        {
            c.Upper = value;
            c.UpperInclusive = inclusive;
        }
    }

    private static void CheckSatisfiable(ColumnConstraint c, string text)
    {
        var column = c.Column;
        if (c.Allowed is not null)
        {
            if (!c.Allowed.Any(a => a))
                throw new SynthesisException($"\"{text}\" cannot be met: the clauses on '{column.Name}' exclude every level.");
            return;
        }
        if (c.Lower > c.Upper || (c.Lower == c.Upper && !(c.LowerInclusive && c.UpperInclusive)))
            throw new SynthesisException($"\"{text}\" cannot be met: the clauses on '{column.Name}' leave no value.");
        if (column.MissingRate >= 1)
            throw new SynthesisException($"\"{text}\" cannot be met: '{column.Name}' is missing in every real row.");
        var range = $"'{column.Name}' ranges from {column.Format(column.Min)} to {column.Format(column.Max)} in the real data";
        if (c.Lower > column.Max || (c.Lower == column.Max && !c.LowerInclusive) || c.Upper < column.Min || (c.Upper == column.Min && !c.UpperInclusive))
            throw new SynthesisException($"\"{text}\" cannot be met: {range}, and synthetic values stay in that range.");
        if (c.Lower == c.Upper && column.Decimals < 15 && Math.Round(c.Lower, column.Decimals) != c.Lower)
            throw new SynthesisException($"\"{text}\" cannot be met: '{column.Name}' has {column.Decimals} decimal place(s) in the real data, and {column.Format(c.Lower)} has more.");
    }

    private static ConditionOperator? ParseOperator(string text) => text switch
    {
        "=" or "==" => ConditionOperator.Equal,
        "!=" or "<>" => ConditionOperator.NotEqual,
        "<" => ConditionOperator.Less,
        "<=" => ConditionOperator.LessOrEqual,
        ">" => ConditionOperator.Greater,
        ">=" => ConditionOperator.GreaterOrEqual,
        _ => null,
    };

    private static List<(string Text, bool IsWord)> Tokenize(string text)
    {
        var tokens = new List<(string, bool)>();
        var i = 0;
        while (i < text.Length)
        {
            var ch = text[i];
            if (char.IsWhiteSpace(ch)) { i++; continue; }
            if (ch is '\'' or '"' or '`')
            {
                var end = text.IndexOf(ch, i + 1);
                if (end < 0) throw new SynthesisException($"In \"{text}\": the quote {ch} at position {i + 1} is never closed.");
                tokens.Add((text.Substring(i + 1, end - i - 1), false));
                i = end + 1;
                continue;
            }
            if (ch is '=' or '!' or '<' or '>')
            {
                var op = new StringBuilder().Append(ch);
                if (i + 1 < text.Length && text[i + 1] is '=' or '>') op.Append(text[i + 1]);
                tokens.Add((op.ToString(), false));
                i += op.Length;
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('=' or '!' or '<' or '>' or '\'' or '"' or '`')) i++;
            var word = text[start..i];
            tokens.Add((word, true));
        }
        return tokens;
    }

    /// <summary>Which rows of a table meet every clause.</summary>
    public bool[] Matches(DataTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var result = Enumerable.Repeat(true, table.RowCount).ToArray();
        foreach (var constraint in Constraints)
        {
            var column = table[constraint.Column.Name];
            for (var r = 0; r < result.Length; r++)
            {
                if (!result[r]) continue;
                result[r] = column switch
                {
                    NumericColumn n => constraint.Accepts(n[r]),
                    CategoricalColumn c => c.Code(r) >= 0 && constraint.Accepts(LevelCode(constraint, c, r)),
                    _ => false,
                };
            }
        }
        return result;
    }

    private static double LevelCode(ColumnConstraint constraint, CategoricalColumn column, int row)
    {
        var level = column.Levels[column.Code(row)];
        var levels = constraint.Column.Levels;
        for (var i = 0; i < levels.Count; i++)
        {
            if (levels[i] == level) return i;
        }
        return double.NaN;
    }
}
