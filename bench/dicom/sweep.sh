#!/usr/bin/env bash
# Runs `arcanum deid dicom` on each DICOM file in a folder (default: pydicom's test files from Debian's
# python3-pydicom) one at a time, then check_pydicom.py on what it wrote. One line per file: refused (with the
# error) or the checker's verdict. Usage: bench/dicom/sweep.sh [FOLDER]  (after `dotnet build src/Arcanum.Cli`)
set -u
src=${1:-/usr/lib/python3/dist-packages/pydicom/data/test_files}
here=$(cd "$(dirname "$0")" && pwd)
cli="$here/../../src/Arcanum.Cli/bin/Debug/net10.0/arcanum.dll"
work=$(mktemp -d)
head -c 32 /dev/urandom > "$work/project.key"
for f in "$src"/*.dcm; do
  n=$(basename "$f" .dcm)
  mkdir -p "$work/$n/in" && cp "$f" "$work/$n/in/" && chmod -R u+w "$work/$n"
  if err=$(dotnet "$cli" deid dicom --in "$work/$n/in" --out "$work/$n/out" --key-file "$work/project.key" --allow-burned-in --keep-paths 2>&1 >/dev/null); then
    echo "$n: $(/usr/bin/python3 -W ignore "$here/check_pydicom.py" "$work/$n/in" "$work/$n/out" 2>&1 | grep -E '^(OK|FAIL|MISSING|Traceback)' | cut -c1-160)"
  else
    echo "$n: refused: ${err#error: }" | sed "s|$work/$n/in/||" | cut -c1-200
  fi
done
rm -rf "$work"
