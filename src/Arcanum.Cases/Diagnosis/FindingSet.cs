using Arcanum.Cases.Knowledge;

namespace Arcanum.Cases.Diagnosis;

/// <summary>Which findings a diagnoser is shown: symptoms and signs, history and antecedents, or both.</summary>
public enum FindingSet { Symptoms, History, Both }

/// <summary>Which finding kinds each <see cref="FindingSet"/> holds.</summary>
public static class FindingSets
{
    public static bool Contains(this FindingSet set, FindingKind kind) => set switch
    {
        FindingSet.Symptoms => kind is FindingKind.Symptom or FindingKind.Sign,
        FindingSet.History => kind is FindingKind.History or FindingKind.Antecedent,
        _ => true,
    };
}
