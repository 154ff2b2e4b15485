using Arcanum.Deid.Text;

namespace Arcanum.Deid.Tests.Text;

public sealed class MedicalMorphologyTests
{
    [Theory]
    [InlineData("Musculoskeletal")]
    [InlineData("Cholecystectomy")]
    [InlineData("Hyperlipidemia")]
    [InlineData("Nontender")]
    [InlineData("Perioral")]
    [InlineData("Auscultation")]
    public void IsMedical_GreekAndLatinWordParts_IsTrue(string word) => Assert.True(MedicalMorphology.IsMedical(word));

    [Theory]
    [InlineData("Okonkwo")]
    [InlineData("Subramanian")]
    [InlineData("Ingram")]
    [InlineData("Delacroix")]
    [InlineData("Nakamura")]
    public void IsMedical_PersonNames_IsFalse(string word) => Assert.False(MedicalMorphology.IsMedical(word));

    [Fact]
    public void IsMedical_GazetteerNames_NeverMedical()
    {
        // Given
        var names = Gazetteer.English.FirstNameList.Concat(Gazetteer.English.SurnameList).ToList();

        // When
        var medical = names.Where(n => MedicalMorphology.IsMedical(n)).ToList();

        // Then
        Assert.Empty(medical);
    }
}
