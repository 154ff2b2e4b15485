using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Arcanum.Core.Weights;

/// <summary>The element types Arcanum reads from safetensors, and their conversion to float32.</summary>
internal static class SafeTensorsDtypes
{
    public static int ElementSize(string dtype, string name) => dtype switch
    {
        "F32" or "U32" => 4,
        "F64" => 8,
        "F16" or "BF16" => 2,
        _ => throw new InvalidDataException(
            $"tensor '{name}' has dtype {dtype}; Arcanum reads F32, F64, F16 and BF16."),
    };

    /// <summary>Converts little-endian <paramref name="raw"/> values of <paramref name="dtype"/> to float32.</summary>
    public static void ToFloat(ReadOnlySpan<byte> raw, string dtype, Span<float> result)
    {
        switch (dtype)
        {
            case "F32":
                MemoryMarshal.Cast<byte, float>(raw).CopyTo(result);
                break;
            case "F64":
                for (var i = 0; i < result.Length; i++)
                    result[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(raw[(i * 8)..]);
                break;
            case "F16":
                for (var i = 0; i < result.Length; i++)
                    result[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw[(i * 2)..]);
                break;
            case "BF16":
                for (var i = 0; i < result.Length; i++)
                {
                    var bits = (uint)BinaryPrimitives.ReadUInt16LittleEndian(raw[(i * 2)..]) << 16;
                    result[i] = BitConverter.UInt32BitsToSingle(bits);
                }
                break;
            case "U32":
                throw new InvalidDataException("the tensor holds U32 integers (a masked secure-aggregation input), not weights.");
            default:
                throw new InvalidDataException($"dtype {dtype} is not one Arcanum reads (F32, F64, F16, BF16).");
        }
    }
}
