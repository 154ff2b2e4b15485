using Arcanum.Federated.SecureAggregation;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Server;

/// <summary>
/// A site's masked update as the server spooled it to disk: read piece by piece through one pooled 1 MiB buffer whenever the
/// round's sum asks (again, to take it back out, if a read fails part way), so the server never holds a model-sized copy.
/// </summary>
/// <param name="siteId">The sender's id in the round, from its answer.</param>
/// <param name="length">The words the round expects: the update, the weight and the counts.</param>
/// <param name="file">The spooled upload; it exists while the answer is taken.</param>
internal sealed class SpooledMaskedInput(int siteId, int length, string file) : IMaskedInput
{
    public int SiteId => siteId;

    public int Length => length;

    /// <summary>Throws <see cref="FormatException"/> unless the file is one U32 tensor of <see cref="Length"/> values.</summary>
    public void CheckHeader()
    {
        using var stream = Open(1);
        Payloads.OpenMasked(stream, length);
    }

    public void Read(MaskedPiecesAction pieces)
    {
        using var stream = Open(1 << 16);
        Payloads.ReadMasked(stream, length, pieces);
    }

    private FileStream Open(int bufferSize) => new(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
}
