#!/bin/bash
# Prepares what bench/gpu/run.sh and network.sh need on a GPU machine that has PyTorch but no .NET SDK, in a folder
# small enough to upload (about 50 MB): the CLI published self-contained without libtorch, 24 LGG patients' slices
# at 64x64 and 128x128, and the training notes. Run from the repository root; reads ../shared/data.
#   bash bench/gpu/pack.sh [OUT]        (default .gpu/, which .git/info/exclude should list)
# On the GPU machine, from the repository root:
#   for f in app lgg64 lgg128 notes; do mkdir -p /tmp/$f && tar -xJf OUT/$f.tar.xz -C /tmp/$f; done
#   export LD_LIBRARY_PATH=$(python3 -c "import torch, os; print(os.path.dirname(torch.__file__) + '/lib')")
#   ARCANUM=/tmp/app/arcanum LGG=/tmp/lgg64 NOTES=/tmp/notes bash bench/gpu/run.sh
set -eu
OUT=${1:-.gpu}; DATA=${DATA:-../shared/data}; mkdir -p "$OUT"; WORK=$(mktemp -d)
dotnet publish src/Arcanum.Cli -c Release -r linux-x64 --self-contained -p:ArcanumLibTorch=external -o "$WORK/app" > "$WORK/publish.log" \
  || { tail -20 "$WORK/publish.log"; exit 1; }
tar -C "$WORK/app" -cJf "$OUT/app.tar.xz" .
for side in 64 128; do
  dotnet run bench/gpu/resize.cs -- "$DATA/lgg_mri" "$WORK/lgg$side" "$side" 6
  tar -C "$WORK/lgg$side" -cJf "$OUT/lgg$side.tar.xz" .
done
mkdir -p "$WORK/notes"
cp "$DATA/clinical_text/aci-bench/train.csv" "$WORK/notes/aci_train.csv"
cp "$DATA/clinical_text/mts-dialog/MTS_Dataset_TrainingSet.csv" "$WORK/notes/mts_train.csv"
tar -C "$WORK/notes" -cJf "$OUT/notes.tar.xz" .
rm -rf "$WORK"
du -ch "$OUT"/*.tar.xz
