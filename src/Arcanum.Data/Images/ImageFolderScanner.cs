namespace Arcanum.Data.Images;

/// <summary>
/// Finds image files under a root, pairs each with its mask by name and assigns site and patient from the folder
/// levels (or a site table). Reads no pixels; a NIfTI volume's header is read to count its slices.
/// </summary>
internal static class ImageFolderScanner
{
    public static IReadOnlyList<ImageRecord> Scan(string root, ImageFolderOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!Directory.Exists(root))
            throw new ImageDataException(root, $"Image folder '{Path.GetFullPath(root)}' does not exist; pass the "
                + "folder that holds <site>/<patient>/ (or <patient>/) folders of images.");
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var images = new List<string>();
        var masks = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(rootFull, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            var ext = ImageFiles.ExtensionOf(name);
            if (ext is null) continue;
            var isMask = ImageFiles.StemOf(name, ext).EndsWith(options.MaskSuffix, StringComparison.Ordinal);
            if (isMask) masks[file] = false;
            else images.Add(file);
        }
        if (images.Count == 0)
            throw new ImageDataException(rootFull, $"No image files under '{rootFull}'"
                + (masks.Count > 0 ? $" (only {masks.Count} mask file(s))" : "")
                + $"; looked for {ImageFiles.Described} files (names ending in '{options.MaskSuffix}' are masks).");
        images.Sort(StringComparer.Ordinal);
        var table = options.SiteTable is null
            ? null
            : SiteTable.Read(options.SiteTable, options.PatientColumn, options.SiteColumn!);
        var records = new List<ImageRecord>();
        foreach (var image in images)
        {
            var mask = FindMask(image, options.MaskSuffix, masks);
            if (mask is null && options.RequireMasks)
                throw new ImageDataException(image, $"Image '{image}' has no mask: expected "
                    + $"{string.Join(" or ", MaskCandidates(image, options.MaskSuffix).Select(Path.GetFileName))} "
                    + "beside it. Add the mask, remove the image, or set RequireMasks off to load images without "
                    + "masks.");
            var (site, patient) = Locate(rootFull, image, table);
            records.AddRange(Expand(site, patient, image, mask));
        }
        var orphan = masks.Where(m => !m.Value).Select(m => m.Key).Order(StringComparer.Ordinal).FirstOrDefault();
        if (orphan is not null)
            throw new ImageDataException(orphan, $"Mask '{orphan}' has no image: no file beside it is named like "
                + $"it without '{options.MaskSuffix}' (e.g. 001{options.MaskSuffix}.png pairs with 001.png or "
                + "001_flair.png). Add its image or remove the mask.");
        records.Sort(Compare);
        return records;
    }

    /// <summary>The mask names that would pair with <paramref name="image"/>, most specific first.</summary>
    public static IEnumerable<string> MaskCandidates(string image, string suffix)
    {
        var dir = Path.GetDirectoryName(image) ?? "";
        var name = Path.GetFileName(image);
        var ext = ImageFiles.ExtensionOf(name)!;
        var stem = ImageFiles.StemOf(name, ext);
        yield return Path.Combine(dir, stem + suffix + ext);
        var cut = stem.LastIndexOf('_');
        if (cut > 0) yield return Path.Combine(dir, stem[..cut] + suffix + ext);
    }

    private static string? FindMask(string image, string suffix, Dictionary<string, bool> masks)
    {
        foreach (var candidate in MaskCandidates(image, suffix))
        {
            if (!masks.ContainsKey(candidate)) continue;
            masks[candidate] = true;
            return candidate;
        }
        return null;
    }

    /// <summary>
    /// Site and patient from the folders between the root and the file: two or more levels are
    /// site/patient[/...]; one level is a patient of the one site named after the root, except that a volume
    /// there is a patient of that folder's site; a volume directly in the root is a patient of the root's site.
    /// A volume not inside a patient folder is one patient named by its file stem.
    /// </summary>
    private static (string Site, string Patient) Locate(string root, string file, SiteTable? table)
    {
        var relative = Path.GetRelativePath(root, Path.GetDirectoryName(file)!);
        var parts = relative == "." ? [] : relative.Split(Path.DirectorySeparatorChar);
        var isVolume = ImageFiles.KindOf(file) == ImageFileKind.Nifti;
        var name = Path.GetFileName(file);
        var stem = ImageFiles.StemOf(name, ImageFiles.ExtensionOf(name)!);
        var rootName = Path.GetFileName(root);
        var (site, patient) = (parts.Length, isVolume) switch
        {
            ( >= 2, _) => (parts[0], parts[1]),
            (1, true) => (parts[0], stem),
            (1, false) => (rootName, parts[0]),
            (0, true) => (rootName, stem),
            _ => throw new ImageDataException(file, $"Image '{file}' lies directly in the image folder; put each "
                + "patient's slices in a folder of their own (<root>/<patient>/ or <root>/<site>/<patient>/)."),
        };
        return (table?.SiteOf(patient, file) ?? site, patient);
    }

    private static IEnumerable<ImageRecord> Expand(string site, string patient, string image, string? mask)
    {
        if (ImageFiles.KindOf(image) != ImageFileKind.Nifti) return [new ImageRecord(site, patient, image, mask)];
        var depth = NiftiReader.ReadHeader(image).Depth;
        return Enumerable.Range(0, depth).Select(z => new ImageRecord(site, patient, image, mask, z));
    }

    private static int Compare(ImageRecord a, ImageRecord b)
    {
        var c = string.CompareOrdinal(a.Site, b.Site);
        if (c == 0) c = NaturalOrder.Instance.Compare(a.Patient, b.Patient);
        if (c == 0) c = NaturalOrder.Instance.Compare(Path.GetFileName(a.ImagePath), Path.GetFileName(b.ImagePath));
        if (c == 0) c = string.CompareOrdinal(a.ImagePath, b.ImagePath);
        if (c == 0) c = (a.Slice ?? -1).CompareTo(b.Slice ?? -1);
        return c;
    }
}
