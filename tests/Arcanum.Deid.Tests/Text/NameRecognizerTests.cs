using Arcanum.Deid.Text;

namespace Arcanum.Deid.Tests.Text;

public sealed class NameRecognizerTests
{
    [Theory]
    [InlineData("According to K.W., the cough began last winter.", "K.W.")]
    [InlineData("Collateral history from T.R.O. at the bedside.", "T.R.O.")]
    [InlineData("P.A.'s son drove her in this morning.", "P.A.")]
    public void Detect_InitialsOfAPerson_FindsTheInitials(string text, string initials) =>
        DetectorAssert.FindsExactly(text, initials, PhiType.Name);

    [Theory]
    [InlineData("Signed by Hollis Wainwright, M.D. on arrival.", "M.D.")]
    [InlineData("Take one tablet p.o. b.i.d. with food.", "b.i.d.")]
    [InlineData("She moved back to the U.S. in spring.", "U.S.")]
    public void Detect_CredentialsAndDosingAbbreviations_AreNotNames(string text, string abbreviation) =>
        DetectorAssert.FindsNothingIn(text, abbreviation);

    [Theory]
    [InlineData("Patient: OYELARAN, TEMITOPE\nDOB on file", "OYELARAN, TEMITOPE")]
    [InlineData("Name: KOWALCZYK, ZBIGNIEW", "KOWALCZYK, ZBIGNIEW")]
    public void Detect_AllCapsNameAfterPatientLabel_FindsLastFirst(string text, string name) =>
        DetectorAssert.FindsExactly(text, name, PhiType.Name);

    [Theory]
    [InlineData("Rose is a 71-year-old retired teacher.", "Rose")]
    [InlineData("Tell Frank's daughter about the results.", "Frank's")]
    [InlineData("Follow-up arranged with Dr. Do next week.", "Do")]
    [InlineData("Cardiology note by Dr. MARTHA Gleason today.", "MARTHA Gleason")]
    public void Detect_NamesThatAreAlsoWords_FoundInNameContexts(string text, string name) =>
        DetectorAssert.Finds(text, name, PhiType.Name);

    [Theory]
    [InlineData("Patient Name: see chart.")]
    [InlineData("Diabetes Type II, well controlled.")]
    [InlineData("Seen in Kokomo, AL for the fracture.")]
    [InlineData("Frequent PVCs and prior MRIs reviewed; ADLs intact.")]
    [InlineData("She is Caucasian, speaks Portuguese, and was seen on Saturday.")]
    public void Detect_LabelsAbbreviationsAndProperWords_AreNotNames(string text) =>
        Assert.DoesNotContain(DetectorAssert.Detect(text), s => s.Type == PhiType.Name);

    [Theory]
    [InlineData("Musculoskeletal: Nontender. Genitourinary: Negative. Auscultation clear.")]
    [InlineData("History of Hypothyroidism and Hyperlipidemia; Cholecystectomy in the past.")]
    [InlineData("Neurovascularly intact. Perioral dermatitis noted. Telehealth visit, Medicaid plan.")]
    public void Detect_MedicalWordsMissingFromTheWordList_Survive(string text) =>
        Assert.Empty(DetectorAssert.Detect(text));

    [Fact]
    public void Detect_NameEndingASentence_StopsAtThePeriod()
    {
        // Given
        const string text = "Reviewed with Dr Okonkwo. Tinel's sign negative.";

        // When
        var spans = DetectorAssert.Detect(text);

        // Then
        Assert.Contains(spans, s => text[s.Start..s.End] == "Okonkwo");
        Assert.DoesNotContain(spans, s => text[s.Start..s.End].Contains("Tinel"));
    }

    [Theory]
    [InlineData("Ambulated w/ PT to the nursing station.", "Ambulated")]
    [InlineData("Diuresed 6 L over the admission.", "Diuresed")]
    [InlineData("Tolerated the procedure well.", "Tolerated")]
    [InlineData("She will be picked up Tues by her son.", "Tues")]
    public void Detect_PastTensesOfWordsAndDayAbbreviations_AreNotNames(string text, string word) =>
        DetectorAssert.FindsNothingIn(text, word);

    [Theory]
    [InlineData("Son-in-law Tadeusz brought her medications.", "Tadeusz")]
    [InlineData("Her daughter-in-law Oluwaseun called today.", "Oluwaseun")]
    [InlineData("Daughter-in-law Sung-min will pick her up.", "Sung-min")]
    [InlineData("Her son Jean-Paul drove her in.", "Jean-Paul")]
    public void Detect_NameAfterAnInLaw_IsAName(string text, string name) =>
        DetectorAssert.FindsExactly(text, name, PhiType.Name);
}
