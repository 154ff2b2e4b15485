namespace Arcanum.Dicom.Deid;

/// <summary>The action codes of PS3.15 Annex E, table E.1-1, as this profile applies them.</summary>
public enum ProfileAction
{
    /// <summary>D: replace with a non-zero-length dummy value of the same VR.</summary>
    Dummy,

    /// <summary>Z: replace with a zero-length value (an empty sequence for SQ).</summary>
    Zero,

    /// <summary>X: remove the element.</summary>
    Remove,

    /// <summary>K: keep (sequences are still walked, so what they hold is de-identified too).</summary>
    Keep,

    /// <summary>C: clean of identifying information. Free text cannot be cleaned reliably here, so it is
    /// removed.</summary>
    Clean,

    /// <summary>U: replace the UID with one derived from the key and the original, the same in every file.</summary>
    ReplaceUid,
}
