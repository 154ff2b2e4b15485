#!/usr/bin/env python3
"""Independent check of `arcanum deid dicom` output with pydicom (Debian: apt-get install python3-pydicom).

Usage: check_pydicom.py IN_DIR OUT_DIR
For every file under IN_DIR, reads the input and its de-identified copy under OUT_DIR with pydicom and checks:
pixel data bytes equal (and decoded arrays equal when numpy can decode them), Patient's Name and ID empty,
no person name from the input anywhere in the output bytes, no input date left anywhere in the output, no private tags, instance UIDs replaced, one new Study UID per input
study, and PatientIdentityRemoved = YES. Prints one line per file (no data values) and exits 1 on any failure.
"""
import os
import sys

import pydicom


def walk_values(ds, vrs):
    for elem in ds.iterall():
        if elem.VR in vrs and elem.value not in (None, ""):
            values = elem.value if isinstance(elem.value, pydicom.multival.MultiValue) else [elem.value]
            for v in values:
                yield str(v)


def check(src, dst, study_map):
    problems = []
    a = pydicom.dcmread(src)
    b = pydicom.dcmread(dst)  # not forced: pydicom must find the preamble and DICM itself
    if "PixelData" in a:
        if b.get("PixelData") != a.PixelData:
            problems.append("pixel data bytes differ")
        try:
            if not (a.pixel_array == b.pixel_array).all():
                problems.append("decoded pixels differ")
        except Exception as e:  # no decoder for this transfer syntax: the byte comparison above still holds
            print(f"  (pixels not decoded: {type(e).__name__})")
    for keyword in ("PatientName", "PatientID", "PatientBirthDate"):
        if str(b.get(keyword, "")) != "":
            problems.append(f"{keyword} not empty")
    old_dates = set(walk_values(a, {"DA", "DT"}))
    if old_dates & set(walk_values(b, {"DA", "DT"})):
        problems.append("an input date survives")
    with open(dst, "rb") as f:
        raw = f.read()
    names = {v for v in walk_values(a, {"PN"}) if len(v.strip("^ ")) >= 3}
    if any(n.encode("latin-1", "ignore") in raw for n in names):
        problems.append("a person name from the input is in the output bytes")
    if any(e.tag.is_private for e in b.iterall()):
        problems.append("private tag left")
    if b.get("PatientIdentityRemoved") != "YES":
        problems.append("PatientIdentityRemoved is not YES")
    for keyword in ("SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID"):
        if keyword in a and (b.get(keyword) == a.get(keyword) or not str(b.get(keyword)).startswith("2.25.")):
            problems.append(f"{keyword} not replaced")
    if "SOPInstanceUID" in b and b.file_meta.get("MediaStorageSOPInstanceUID") != b.SOPInstanceUID:
        problems.append("meta SOP Instance UID does not match the data set's")
    new_study = study_map.setdefault(a.get("StudyInstanceUID"), b.get("StudyInstanceUID"))
    if new_study != b.get("StudyInstanceUID"):
        problems.append("one input study got two new Study UIDs")
    return problems


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src_root, dst_root = sys.argv[1], sys.argv[2]
    failures, study_map, count = 0, {}, 0
    for folder, _, files in os.walk(src_root):
        for name in sorted(files):
            src = os.path.join(folder, name)
            rel = os.path.relpath(src, src_root)
            dst = os.path.join(dst_root, rel)
            if not os.path.exists(dst):
                print(f"MISSING {rel}")
                failures += 1
                continue
            problems = check(src, dst, study_map)
            count += 1
            print(f"{'OK  ' if not problems else 'FAIL'} {rel} {'; '.join(problems)}")
            failures += bool(problems)
    print(f"pydicom {pydicom.__version__}: {count - failures} of {count} file(s) passed")
    sys.exit(1 if failures or count == 0 else 0)


if __name__ == "__main__":
    main()
