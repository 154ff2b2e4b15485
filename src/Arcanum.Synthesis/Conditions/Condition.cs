namespace Arcanum.Synthesis.Conditions;

public enum ConditionOperator { Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual }

/// <summary>One clause of a <c>where</c> text: a column, an operator and the value as written.</summary>
public sealed record Condition(string Column, ConditionOperator Operator, string Value)
{
    public static string Symbol(ConditionOperator op) => op switch
    {
        ConditionOperator.Equal => "=",
        ConditionOperator.NotEqual => "!=",
        ConditionOperator.Less => "<",
        ConditionOperator.LessOrEqual => "<=",
        ConditionOperator.Greater => ">",
        _ => ">=",
    };

    public override string ToString() => $"{Column} {Symbol(Operator)} {Value}";
}
