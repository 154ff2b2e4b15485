using System.Runtime.ExceptionServices;

namespace Arcanum.Data.Images;

/// <summary>
/// Decodes scanned records into arrays in two parallel passes: first every file's header (sizes, channels, the
/// decompression-bomb guard, mask sizes), so that a bad file fails before any pixel work; then the pixels, each
/// file resized straight into its place in the output. A volume is decoded once for all its slices. When several
/// files are bad, the error is the one for the earliest record, whatever the thread timing.
/// </summary>
internal static class ImageLoader
{
    private sealed record Unit(string Image, string? Mask, int[] Rows, int[] Slices);

    private sealed record Probe(int Width, int Height, int Depth, int Channels);

    public static LoadedImages Load(IReadOnlyList<ImageRecord> records, ImageLoadOptions options,
        IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (records.Count == 0)
            throw new ImageDataException("There are no images to load; scan a folder that holds images first.");
        var missing = records.FirstOrDefault(r => r.MaskPath is null);
        if (missing is not null && records.Any(r => r.MaskPath is not null))
            throw new ImageDataException(missing.ImagePath, $"Image '{missing.ImagePath}' has no mask while others "
                + "do; load images either all with masks or all without (add its mask or leave it out).");
        var units = Group(records);
        var probes = new Probe[units.Length];
        Run(units.Length, options, cancellationToken, u => probes[u] = ProbeUnit(units[u], options.MaxSide));
        var channels = CheckChannels(units, probes);
        var area = options.Size * options.Size;
        if ((long)records.Count * channels * area > Array.MaxLength)
            throw new ImageDataException($"{records.Count} images of {channels}x{options.Size}x{options.Size} do not "
                + "fit in one array; load fewer images or choose a smaller size.");
        var pixels = new float[records.Count * channels * area];
        var masks = missing is null ? new byte[records.Count * area] : null;
        var done = 0;
        Run(units.Length, options, cancellationToken, u =>
        {
            Decode(units[u], probes[u], channels, options, pixels, masks);
            progress?.Report(Interlocked.Add(ref done, units[u].Rows.Length));
        });
        if (options.RequireForeground && masks is not null && !masks.AsSpan().Contains((byte)1))
            throw new ImageDataException(records[0].MaskPath!, $"All {records.Count} masks are empty (first: "
                + $"'{records[0].MaskPath}'); a segmentation model cannot learn from them. Check the mask suffix "
                + "and that mask pixels of the lesion are not 0.");
        return new LoadedImages(pixels, masks, [.. records.Select(r => r.Patient)],
            [.. records.Select(r => r.Site)], channels, options.Size);
    }

    private static Unit[] Group(IReadOnlyList<ImageRecord> records)
    {
        var units = new List<Unit>();
        var byFile = Enumerable.Range(0, records.Count).GroupBy(i => records[i].ImagePath, StringComparer.Ordinal);
        foreach (var group in byFile)
        {
            var first = records[group.First()];
            var other = group.FirstOrDefault(i => records[i].MaskPath != first.MaskPath, -1);
            if (other >= 0)
                throw new ImageDataException(first.ImagePath, $"Image '{first.ImagePath}' is listed with two masks "
                    + $"('{first.MaskPath}' and '{records[other].MaskPath}'); give each image one mask.");
            var slices = group.Select(i => records[i].Slice ?? 0).ToArray();
            units.Add(new Unit(first.ImagePath, first.MaskPath, [.. group], slices));
        }
        return [.. units];
    }

    private static Probe ProbeUnit(Unit unit, int maxSide)
    {
        var image = ProbeFile(unit.Image, maxSide);
        var bad = unit.Slices.FirstOrDefault(z => z < 0 || z >= image.Depth, -1);
        if (bad >= 0)
            throw new ImageDataException(unit.Image, $"'{unit.Image}' has {image.Depth} slice(s) but slice {bad} was "
                + "asked for; scan the folder again.");
        if (unit.Mask is null) return image;
        var mask = ProbeFile(unit.Mask, maxSide);
        if ((mask.Width, mask.Height, mask.Depth) != (image.Width, image.Height, image.Depth))
            throw new ImageDataException(unit.Mask, $"Mask '{unit.Mask}' is {Size(mask)} but its image "
                + $"'{unit.Image}' is {Size(image)}; a mask must match its image pixel for pixel.");
        return image;
    }

    private static string Size(Probe p) => p.Depth == 1 ? $"{p.Width}x{p.Height}" : $"{p.Width}x{p.Height}x{p.Depth}";

    private static Probe ProbeFile(string path, int maxSide) => Wrap(path, () =>
    {
        switch (ImageFiles.KindOf(path))
        {
            case ImageFileKind.Nifti:
                var h = NiftiReader.ReadHeader(path, maxSide);
                return new Probe(h.Width, h.Height, h.Depth, 1);
            case ImageFileKind.Dicom:
                var (dw, dh) = DicomPixels.Probe(path, maxSide);
                return new Probe(dw, dh, 1, 1);
            default:
                var (w, ht, c) = RasterDecoder.Probe(path, maxSide);
                return new Probe(w, ht, 1, c);
        }
    });

    private static int CheckChannels(Unit[] units, Probe[] probes)
    {
        var grey = Array.FindIndex(probes, p => p.Channels == 1);
        var colour = Array.FindIndex(probes, p => p.Channels != 1);
        if (grey >= 0 && colour >= 0)
            throw new ImageDataException(units[Math.Max(grey, colour)].Image, $"Images mix greyscale (first: "
                + $"'{units[grey].Image}') and colour (first: '{units[colour].Image}'); a model takes one channel "
                + "count. Convert the odd ones out.");
        return probes[0].Channels;
    }

    private static void Decode(Unit unit, Probe probe, int channels, ImageLoadOptions options, float[] pixels,
        byte[]? masks)
    {
        var size = options.Size;
        var area = size * size;
        var (w, h) = (probe.Width, probe.Height);
        var source = Wrap(unit.Image, () => ImageFiles.KindOf(unit.Image) switch
        {
            ImageFileKind.Nifti => MinMax(NiftiReader.ReadVoxels(unit.Image, NiftiReader.ReadHeader(unit.Image))),
            ImageFileKind.Dicom => MinMax(DicomPixels.Read(unit.Image, options.MaxSide).Values),
            _ => ReadRaster(unit.Image, channels),
        });
        var plane = w * h;
        for (var k = 0; k < unit.Rows.Length; k++)
        {
            var (row, z) = (unit.Rows[k], unit.Slices[k]);
            for (var c = 0; c < channels; c++)
            {
                var from = source.AsSpan((z * channels + c) * plane, plane);
                Resampling.Bilinear(from, w, h, pixels.AsSpan((row * channels + c) * area, area), size);
            }
        }
        if (masks is null || unit.Mask is null) return;
        var mask = Wrap(unit.Mask, () => ReadMask(unit.Mask, options.MaxSide));
        for (var k = 0; k < unit.Rows.Length; k++)
        {
            var from = mask.AsSpan(unit.Slices[k] * plane, plane);
            Resampling.MaskArea(from, w, h, masks.AsSpan(unit.Rows[k] * area, area), size);
        }
    }

    [ThreadStatic] private static float[]? _pixelBuffer;
    [ThreadStatic] private static byte[]? _maskBuffer;

    private static float[] ReadRaster(string path, int channels)
    {
        var buffer = _pixelBuffer ?? [];
        RasterDecoder.ReadPixels(path, channels, ref buffer);
        return _pixelBuffer = buffer;
    }

    private static byte[] ReadMask(string path, int maxSide) => ImageFiles.KindOf(path) switch
    {
        ImageFileKind.Nifti => Array.ConvertAll(NiftiReader.ReadVoxels(path, NiftiReader.ReadHeader(path, maxSide)),
            v => v != 0 && !float.IsNaN(v) ? (byte)1 : (byte)0),
        ImageFileKind.Dicom => Array.ConvertAll(DicomPixels.Read(path, maxSide).Values,
            v => v != 0 ? (byte)1 : (byte)0),
        _ => ReadRasterMask(path),
    };

    private static byte[] ReadRasterMask(string path)
    {
        var buffer = _maskBuffer ?? [];
        RasterDecoder.ReadMask(path, ref buffer);
        return _maskBuffer = buffer;
    }

    /// <summary>Raw scanner values to [0, 1] over the whole volume (or DICOM frame); not-a-number becomes 0.</summary>
    internal static float[] MinMax(float[] values)
    {
        var (min, max) = (float.PositiveInfinity, float.NegativeInfinity);
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        var range = max - min;
        for (var i = 0; i < values.Length; i++)
            values[i] = float.IsFinite(values[i]) && range > 0 ? (values[i] - min) / range : 0;
        return values;
    }

    private static T Wrap<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageDataException(path, $"'{path}' cannot be read ({e.Message}); check it exists and is "
                + "readable, then scan again.", e);
        }
    }

    /// <summary>Runs <paramref name="body"/> for 0..count-1 on up to MaxDegreeOfParallelism threads and rethrows
    /// the lowest-index <see cref="ImageDataException"/> (Break lets every lower index finish first).</summary>
    private static void Run(int count, ImageLoadOptions options, CancellationToken cancellationToken, Action<int> body)
    {
        var errors = new ImageDataException?[count];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Min(options.MaxDegreeOfParallelism, Environment.ProcessorCount),
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, count, parallel, (i, state) =>
        {
            try
            {
                body(i);
            }
            catch (ImageDataException e)
            {
                errors[i] = e;
                state.Break();
            }
        });
        var first = Array.Find(errors, e => e is not null);
        if (first is not null) ExceptionDispatchInfo.Throw(first);
    }
}
