using Arcanum.Cases.DdxPlus;

namespace Arcanum.Cases.Tests.DdxPlus;

/// <summary>
/// A DDXPlus-shaped folder written by the test: 2 pathologies, 5 evidences (one gated categorical, one gated by a
/// question the release lacks), 6 patients in the re-formatted CSV. Numbers in it are invented.
/// </summary>
internal static class DdxPlusFixture
{
    public const string Evidences = """
        {
          "E_1": {"name": "E_1", "code_question": "E_1", "question_en": "Fever?", "is_antecedent": false, "default_value": 0, "value_meaning": {}, "possible-values": [], "data_type": "B"},
          "E_2": {"name": "E_2", "code_question": "E_2", "question_en": "Pain?", "is_antecedent": false, "default_value": 0, "value_meaning": {}, "possible-values": [], "data_type": "B"},
          "E_3": {"name": "E_3", "code_question": "E_2", "question_en": "Pain character?", "is_antecedent": false, "default_value": "V_1", "value_meaning": {"V_2": {"fr": "brûlante", "en": "burning"}, "V_3": {"fr": "O", "en": "Y"}}, "possible-values": ["V_1", "V_2", "V_3"], "data_type": "C"},
          "E_4": {"name": "E_4", "code_question": "E_77", "question_en": "Cough at night?", "is_antecedent": false, "default_value": 0, "value_meaning": {}, "possible-values": [], "data_type": "B"},
          "E_9": {"name": "E_9", "code_question": "E_9", "question_en": "Do you smoke?", "is_antecedent": true, "default_value": 0, "value_meaning": {}, "possible-values": [], "data_type": "B"}
        }
        """;

    public const string Conditions = """
        {
          "Flu": {"condition_name": "Flu", "cond-name-fr": "Grippe", "cond-name-eng": "Flu", "icd10-id": "J10", "symptoms": {"E_1": {}, "E_2": {}, "E_3": {}}, "antecedents": {"E_9": {}}, "severity": 3},
          "Cold": {"condition_name": "Cold", "cond-name-fr": "Rhume", "cond-name-eng": "Cold", "icd10-id": "J00", "symptoms": {"E_1": {}, "E_4": {}}, "antecedents": {"E_9": {}}, "severity": 5}
        }
        """;

    /// <summary>With every 3rd patient held out, rows 3 and 6 (1-based) are kept for benchmarks.</summary>
    public const string Patients = """
        age,top5_diagnoses,sex,diagnosis,features,feature_id
        30,"[['Flu', 0.9]]",F,Flu,"['E_1', 'E_2', 'E_3_@_V_1']",E_1
        40,"[['Flu', 0.9]]",M,Flu,"['E_1']",E_1
        50,"[['Cold', 0.9]]",M,Cold,"['E_9']",E_9
        20,"[['Cold', 0.9]]",F,Cold,"['E_9']",E_9
        10,"[['Flu', 0.9]]",M,Grippe,"['E_2', 'E_3_@_V_2', 'E_9']",E_2
        70,"[['Flu', 0.9]]",F,Flu,"['E_1']",E_1

        """;

    public static string Write(TempDir dir, string? patients = null)
    {
        var folder = dir.Sub("ddxplus");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "release_evidences.json"), Evidences);
        File.WriteAllText(Path.Combine(folder, "release_conditions.json"), Conditions);
        File.WriteAllText(Path.Combine(folder, "patients_dev.csv"), patients ?? Patients);
        return folder;
    }

    /// <summary>The fixture written and read: its release and its patients.</summary>
    public static (DdxPlusRelease Release, List<DdxPlusPatient> Patients) Load(TempDir dir)
    {
        var folder = Write(dir);
        return (DdxPlusRelease.Read(folder), DdxPlusPatients.Read(Path.Combine(folder, "patients_dev.csv")));
    }
}
