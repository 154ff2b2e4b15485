// MSBuild inline task (RoslynCodeTaskFactory, netstandard2.0 API surface): sets VER_FLG_WEAK on the
// Vernaux entry named Version in each ELF64 little-endian file's .gnu.version_r (SHT_GNU_verneed)
// section, so the dynamic loader only warns when no loaded library defines that version.
// The patched bytes go to a new file that replaces the original by rename, because the original may
// be a hard link into the NuGet cache. It keeps the original's timestamp, so MSBuild's copy (which
// compares size and time) leaves the patched file alone on the next incremental build. Idempotent.
#nullable enable
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class ArcanumMarkVersionWeak : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string Version { get; set; } = "";

    public string Reason { get; set; } = "";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                Patch(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
            {
                Log.LogError("Arcanum: could not mark {0} weak in {1}: {2}", Version, path, e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    private void Patch(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = FindFlagsOffset(bytes, Version);
        if (offset < 0)
        {
            Log.LogMessage(MessageImportance.Low, "Arcanum: {0} does not require {1}; nothing to patch.", path, Version);
            return;
        }
        var flags = BitConverter.ToUInt16(bytes, offset);
        if ((flags & VerFlgWeak) != 0)
        {
            Log.LogMessage(MessageImportance.Low, "Arcanum: {0} already marks {1} weak.", path, Version);
            return;
        }
        flags |= VerFlgWeak;
        bytes[offset] = (byte)(flags & 0xff);
        bytes[offset + 1] = (byte)(flags >> 8);

        var lastWrite = File.GetLastWriteTimeUtc(path);
        var temp = path + ".arcanum-tmp";
        File.Copy(path, temp, true); // a fresh inode with the original's permissions
        File.WriteAllBytes(temp, bytes);
        File.SetLastWriteTimeUtc(temp, lastWrite);
        File.Replace(temp, path, null);
        Log.LogMessage(MessageImportance.High, "Arcanum: marked {0} weak in {1} ({2}); TorchRuntime loads libarcanum_stdcxx_compat.so to provide it.", Version, path, Reason);
    }

    /// <summary>File offset of vna_flags of the Vernaux entry named <paramref name="version"/>, or -1.</summary>
    private static int FindFlagsOffset(byte[] b, string version)
    {
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (b[4] != 2 || b[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        var shoff = checked((int)BitConverter.ToUInt64(b, 0x28));
        int shentsize = BitConverter.ToUInt16(b, 0x3A);
        int shnum = BitConverter.ToUInt16(b, 0x3C);
        var wanted = Encoding.ASCII.GetBytes(version);
        for (var s = 0; s < shnum; s++)
        {
            var sh = shoff + s * shentsize;
            if (BitConverter.ToUInt32(b, sh + 4) != ShtGnuVerneed) continue;
            var secOff = checked((int)BitConverter.ToUInt64(b, sh + 0x18));
            var link = (int)BitConverter.ToUInt32(b, sh + 0x28);
            var count = (int)BitConverter.ToUInt32(b, sh + 0x2C);
            var strOff = checked((int)BitConverter.ToUInt64(b, shoff + link * shentsize + 0x18));
            var vn = secOff;
            for (var i = 0; i < count; i++)
            {
                int cnt = BitConverter.ToUInt16(b, vn + 2);
                var aux = vn + (int)BitConverter.ToUInt32(b, vn + 8);
                for (var j = 0; j < cnt; j++)
                {
                    var name = strOff + (int)BitConverter.ToUInt32(b, aux + 8);
                    if (NameEquals(b, name, wanted)) return aux + 4;
                    aux += (int)BitConverter.ToUInt32(b, aux + 12);
                }
                vn += (int)BitConverter.ToUInt32(b, vn + 12);
            }
        }
        return -1;
    }

    private static bool NameEquals(byte[] b, int at, byte[] wanted)
    {
        if (at + wanted.Length >= b.Length) return false;
        for (var k = 0; k < wanted.Length; k++)
        {
            if (b[at + k] != wanted[k]) return false;
        }
        return b[at + wanted.Length] == 0;
    }
}
