using Arcanum.Core.Weights;
using Arcanum.Network.Server;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Tests.Server;

/// <summary>The server sums a masked upload from its spooled file piece by piece, never reading it whole.</summary>
public sealed class SpooledMaskedInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("arcanum-masked-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Spool(Action<Stream> write)
    {
        var file = Path.Combine(_folder, $"{Guid.NewGuid():N}.part");
        using var stream = File.Create(file);
        write(stream);
        return file;
    }

    [Fact]
    public void Read_ALongUpload_GivesEveryWordInOrderInPiecesOfAtMostOneMebibyte()
    {
        // Given a spooled masked upload of 600,001 words (more than two 1 MiB pieces)
        var values = Enumerable.Range(0, 600_001).Select(i => unchecked((uint)i * 2654435761u)).ToArray();
        var input = new SpooledMaskedInput(4, values.Length, Spool(s => SafeTensors.WriteUInt32(s, Payloads.Masked, values)));

        // When it is read, twice (as when a sum takes an input back out)
        var passes = Enumerable.Range(0, 2).Select(_ =>
        {
            var read = new uint[values.Length];
            var pieces = new List<(int Offset, int Count)>();
            input.Read((offset, words) =>
            {
                pieces.Add((offset, words.Length));
                words.CopyTo(read.AsSpan(offset));
            });
            return (Read: read, Pieces: pieces);
        }).ToList();

        // Then each time every word arrives, in order, in pieces of at most 2^18 words
        Assert.All(passes, pass =>
        {
            Assert.Equal(values, pass.Read);
            Assert.Equal(0, pass.Pieces[0].Offset);
            Assert.All(pass.Pieces.Zip(pass.Pieces.Skip(1)), p => Assert.Equal(p.First.Offset + p.First.Count, p.Second.Offset));
            Assert.Equal(values.Length, pass.Pieces.Sum(p => p.Count));
            Assert.All(pass.Pieces, p => Assert.InRange(p.Count, 1, 1 << 18));
        });
        Assert.Equal(4, input.SiteId);
    }

    [Fact]
    public void CheckHeader_AnUploadOfTheWrongLengthOrKind_IsRefusedBeforeAnyWordIsRead()
    {
        // Given an upload one word short, and one of floats
        var shortOne = new SpooledMaskedInput(1, 10, Spool(s => SafeTensors.WriteUInt32(s, Payloads.Masked, new uint[9])));
        var floats = new SpooledMaskedInput(1, 3, Spool(s => SafeTensors.Write(s, new ModelWeights([new NamedArray(Payloads.Masked, [3], [1f, 2f, 3f])]))));

        // When they are checked, or read
        var read = 0;
        var errors = new[] { shortOne, floats }.SelectMany(i => new Exception[]
        {
            Assert.Throws<FormatException>(i.CheckHeader),
            Assert.Throws<FormatException>(() => i.Read((_, words) => read += words.Length)),
        }).ToList();

        // Then each is refused with what it holds, and nothing was handed to the sum
        Assert.Contains("of 10 values; got masked/values (U32 × 9)", errors[0].Message);
        Assert.Contains("masked/values (F32 × 3)", errors[2].Message);
        Assert.Equal(0, read);
    }
}
