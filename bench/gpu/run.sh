#!/bin/bash
# The --device cuda check: every command that trains or samples with libtorch, run on each device in
# DEVICES with the same inputs and seeds, then one table of wall time per device, the CPU/CUDA ratio, and
# the figure that shows both devices computed the same thing (bits/byte, AUROC, Dice).
#
#   ARCANUM=path/to/arcanum LGG=lgg_mri_folder NOTES=notes_folder [DEVICES="cuda cpu"] [WORK=dir] \
#   [QUICK=1] [DEADLINE=seconds] bash bench/gpu/run.sh
#
# ARCANUM: a published CLI (bench/gpu/README.md says how to build one that runs on PyTorch's CUDA libtorch).
# LGG: an image folder with tumour masks (site/patient/slice); NOTES: a folder of note CSVs or .txt files.
# QUICK=1 shrinks every run to check the commands themselves; DEADLINE (default 420) stops starting new
# runs after that many seconds, so a lease-bound machine still prints its table. ONLY (a regular expression
# over the names in the table) runs some commands alone; IMAGE_SIZE (default 64) is the images' side.
set -u
: "${ARCANUM:?ARCANUM must name the arcanum executable}" "${LGG:?LGG must name an image folder}" "${NOTES:?NOTES must name a notes folder}"
DEVICES=${DEVICES:-"cuda cpu"}; WORK=${WORK:-$(mktemp -d)}; DEADLINE=${DEADLINE:-420}; ONLY=${ONLY:-.}; SIZE=${IMAGE_SIZE:-64}
mkdir -p "$WORK"; LOG=$WORK/log.txt; ROWS=$WORK/rows.tsv; : > "$ROWS"
START=$(date +%s)
say() { echo "$@" | tee -a "$LOG"; }

# run NAME DEVICE LIMIT_S METRIC_REGEX COMMAND...: appends NAME, DEVICE, exit code, wall seconds, metric.
run() {
  local name=$1 dev=$2 limit=$3 metric=$4; shift 4
  [[ $name =~ $ONLY ]] || return 0
  if [ $(( $(date +%s) - START )) -gt "$DEADLINE" ]; then say "skipped $name [$dev]: past DEADLINE"; return 9; fi
  say "== $name [$dev] $*"
  local out=$WORK/$name-$dev.out t0 t1 rc value=""
  t0=$(date +%s%N)
  timeout "$limit" "$@" --device "$dev" > "$out" 2>&1; rc=$?
  t1=$(date +%s%N)
  cat "$out" >> "$LOG"
  [ -n "$metric" ] && value=$(grep -oE "$metric" "$out" | tail -1 | grep -oE '[0-9]+\.[0-9]+$')
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$dev" "$rc" "$(( (t1 - t0) / 1000000 ))" "${value:--}" >> "$ROWS"
  [ $rc -eq 0 ] || say "   exit $rc: $(grep -m1 -E 'error|Exception' "$out")"
  return $rc
}

if [ -n "${QUICK:-}" ]; then EP=2 DPEP=1 ST=20 BIG=4 IE=1 RD=1 TR=2; else EP=20 DPEP=10 ST=300 BIG=40 IE=3 RD=3 TR=10; fi
cd "$WORK"
for d in $DEVICES; do
  run probe "$d" 120 "" "$ARCANUM" synth fit --data pima --model ctgan --epochs 1 --out "m-probe-$d" --seed 1 \
    || { [ "$d" != cpu ] && { say "$d does not work here: see $LOG"; exit 3; }; }
done
for d in $DEVICES; do
  run ctgan "$d" 150 "" "$ARCANUM" synth fit --data pima --model ctgan --epochs $EP --out "m-ctgan-$d" --seed 1
  run ctgan-sample "$d" 60 "" "$ARCANUM" synth sample --model "m-ctgan-$d" -n 2000 --out "syn-$d.csv" --seed 1
  run tvae "$d" 150 "" "$ARCANUM" synth fit --data pima --model tvae --epochs $EP --out "m-tvae-$d" --seed 1
  run dp-ctgan "$d" 150 "" "$ARCANUM" synth fit --data pima --model ctgan --epsilon 3 --batch-size 64 --epochs $DPEP --out "m-dp-$d" --seed 1
  run dp-tvae "$d" 150 "" "$ARCANUM" synth fit --data pima --model tvae --epsilon 3 --batch-size 64 --epochs $DPEP --out "m-dptvae-$d" --seed 1
  run notes-fit "$d" 200 'bits/byte [0-9.]+' "$ARCANUM" notes fit --data "$NOTES" --out "n-$d" --steps $ST --seed 7
  run notes-fit-wide "$d" 200 'bits/byte [0-9.]+' "$ARCANUM" notes fit --data "$NOTES" --out "nw-$d" --steps $BIG --batch-size 8 --context 512 --width 512 --layers 8 --heads 8 --seed 7
  run notes-sample "$d" 100 "" "$ARCANUM" notes sample --model "n-$d" --prompt "ASSESSMENT AND PLAN:" -n 8 --max-bytes 600 --out "ns-$d" --seed 1
  run images-fit "$d" 240 "" "$ARCANUM" images synth fit --data "$LGG" --out "g-$d" --image-size $SIZE --epochs $IE --seed 1
  run images-asyndgan "$d" 240 "" "$ARCANUM" images synth fit --data "$LGG" --out "ga-$d" --image-size $SIZE --epochs $IE --training asyndgan --seed 1
  run images-sample "$d" 60 "" "$ARCANUM" images synth sample --model "g-$d" --masks "$LGG" --out "gs-$d"
  run segment-fedavg "$d" 300 'federated round [0-9]+/[0-9]+: .*pooled dice [0-9.]+' "$ARCANUM" simulate --data "$LGG" --task segmentation --image-size $SIZE --rounds $RD --local-epochs 1 --out "s-$d" --seed 1
  run table-fedavg "$d" 120 'federated round [0-9]+/[0-9]+: .*pooled auroc [0-9.]+' "$ARCANUM" simulate --rounds $TR --out "t-$d" --seed 1
  run table-scaffold "$d" 120 'federated round [0-9]+/[0-9]+: .*pooled auroc [0-9.]+' "$ARCANUM" simulate --rounds $TR --algorithm scaffold --out "ts-$d" --seed 1
  run table-dp "$d" 120 'federated round [0-9]+/[0-9]+: .*pooled auroc [0-9.]+' "$ARCANUM" simulate --rounds $TR --dp-epsilon 2 --out "td-$d" --seed 1
  run table-secure "$d" 120 'federated round [0-9]+/[0-9]+: .*pooled auroc [0-9.]+' "$ARCANUM" simulate --rounds $TR --secure-aggregation --min-sites 3 --out "tsa-$d" --seed 1
  run images-evaluate "$d" 240 "" "$ARCANUM" images synth evaluate --model "g-$d" --data "$LGG" --epochs 2 --seed 1
done

# One row per command: seconds on each device, the ratio of the first two, and the metric on each.
set -- $DEVICES
awk -F'\t' -v a="$1" -v b="${2:-}" '
  { key[$1] = 1; if (!($1 in order)) { order[$1] = ++n; names[n] = $1 }
    ms[$1, $2] = $4; rc[$1, $2] = $3; m[$1, $2] = $5 }
  function cell(k, d) { if (!((k, d) in ms)) return "-"; return rc[k, d] == 0 ? sprintf("%.1f", ms[k, d] / 1000) : "exit " rc[k, d] }
  END {
    printf "| command | %s s | %s s | %s/%s | metric on %s | metric on %s |\n", a, b, b, a, a, b
    print "|---|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) {
      k = names[i]; r = "-"
      if (b != "" && rc[k, a] == 0 && rc[k, b] == 0 && ms[k, a] > 0) r = sprintf("%.1fx", ms[k, b] / ms[k, a])
      printf "| %s | %s | %s | %s | %s | %s |\n", k, cell(k, a), cell(k, b), r, m[k, a], m[k, b]
    }
  }' "$ROWS" | tee "$WORK/table.md"
# Seeded note sampling draws on the CPU generator on every device, so the same model gives the same notes. Each
# device samples from the model it trained, so a difference can also come from training's floating-point rounding.
if [ -d ns-cuda ] && [ -d ns-cpu ]; then
  if diff -rq ns-cuda ns-cpu > /dev/null; then say "notes sample: cuda and cpu wrote identical notes"
  else say "notes sample: cuda and cpu notes differ (the two models may differ in rounding; compare bits/byte)"; fi
fi
say "log: $LOG"
