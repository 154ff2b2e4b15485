#!/bin/bash
# Issue 10: does a site's memory grow over a long job? The README federation (examples/: a server and three hospitals on
# 127.0.0.1) runs one job of ROUNDS rounds with an MLP of WIDTH x WIDTH hidden units, while each site's VmRSS is sampled
# twice a second. Prints each site's resident memory after round 1, at quarters of the job and at its end, and the growth
# per round over the second half (after warm-up), beside the model's size.
#
#   ARCANUM=path/to/arcanum [ROUNDS=80] [WIDTH=1024] [WORK=dir] bash bench/network/site-memory.sh   (from the repository root)
set -u
: "${ARCANUM:?ARCANUM must name the arcanum executable}"
ROUNDS=${ROUNDS:-80}; WIDTH=${WIDTH:-1024}; WORK=${WORK:-$(mktemp -d)}; REPO=$(pwd)
[ -f "$REPO/examples/job.json" ] || { echo "run from the repository root (examples/job.json not found)"; exit 2; }
mkdir -p "$WORK"; cd "$WORK"
pids=(); sites=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap stop EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed "s/port: [0-9]*/port: $port/" "$REPO/examples/project.yml" > project.yml
"$ARCANUM" provision --project project.yml --out kits/ > provision.log 2>&1 || { cat provision.log; exit 1; }
"$ARCANUM" server --kit kits/server > server.log 2>&1 & pids+=($!)
for s in a b c; do
  "$ARCANUM" site --kit "kits/hospital-$s" --data "pbc3=$REPO/examples/sites/hospital-$s.csv" --threads 1 > "site-$s.log" 2>&1 & pids+=($!); sites+=($!)
done
admin() { "$ARCANUM" admin --kit kits/admin@example.org "$@"; }
for i in $(seq 1 60); do [ "$(admin sites 2>/dev/null | grep -c ' online ')" -ge 3 ] && break; sleep 1; done
python3 - "$REPO/examples/job.json" "$ROUNDS" "$WIDTH" > job.json <<'PY'
import json, sys
job = json.load(open(sys.argv[1]))
job.update(name="site-memory", model="mlp", hidden=[int(sys.argv[3])] * 2, rounds=int(sys.argv[2]), local_epochs=1, min_sites=3)
print(json.dumps(job))
PY
job=$(admin submit job.json) || { echo "submit failed: $job"; exit 1; }
: > rss.csv
( while kill -0 "${sites[0]}" 2>/dev/null; do
    done_rounds=$(grep -oE 'round [0-9]+ \(attempt' server.log | tail -1 | grep -oE '[0-9]+')
    line="$(date +%s),${done_rounds:-0}"
    for p in "${sites[@]}"; do line="$line,$(awk '/VmRSS/ {print $2}' /proc/$p/status 2>/dev/null)"; done
    echo "$line" >> rss.csv; sleep 0.5
  done ) & sampler=$!
timeout 7200 "$ARCANUM" admin --kit kits/admin@example.org status "$job" --wait | tail -1
kill $sampler 2>/dev/null
admin download "$job" --out results/ > /dev/null
python3 - rss.csv "$ROUNDS" results/model.safetensors <<'PY'
import os, sys
rows = [l.strip().split(',') for l in open(sys.argv[1]) if l.count(',') >= 4]
rounds = int(sys.argv[2]); model_mb = os.path.getsize(sys.argv[3]) / 2**20
by_round = {}
for r in rows:
    if r[1] and all(r[2:5]): by_round[int(r[1])] = [int(v) / 1024 for v in r[2:5]]
marks = sorted({1, rounds // 4, rounds // 2, 3 * rounds // 4, max(by_round)} & set(by_round))
print(f"model {model_mb:.1f} MB; VmRSS of each site (MB) at the round the job was in:")
print("| round | hospital-a | hospital-b | hospital-c |"); print("|---:|---:|---:|---:|")
for m in marks: print(f"| {m} | " + " | ".join(f"{v:.0f}" for v in by_round[m]) + " |")
samples = [(int(r[1]), [int(v) / 1024 for v in r[2:5]]) for r in rows if r[1] and all(r[2:5]) and int(r[1]) >= rounds // 2]
if len(samples) >= 3:
    # Least squares over every sample of the second half: the GC's sawtooth makes any two single samples noisy.
    xs = [x for x, _ in samples]; mx = sum(xs) / len(xs)
    sxx = sum((x - mx) ** 2 for x in xs)
    slopes = []
    for i in range(3):
        ys = [v[i] for _, v in samples]; my = sum(ys) / len(ys)
        slopes.append(sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0)
    lo = [min(v[i] for _, v in samples) for i in range(3)]; hi = [max(v[i] for _, v in samples) for i in range(3)]
    print(f"rounds {rounds // 2}-{rounds}: growth per round (least squares) " + ", ".join(f"{s:+.2f} MB" for s in slopes)
          + "; range " + ", ".join(f"{a:.0f}-{b:.0f} MB" for a, b in zip(lo, hi)) + f" (model {model_mb:.1f} MB)")
PY
echo "logs in $WORK"
