#!/bin/bash
# Issue 11: federated tumour segmentation on LGG over the real network (a server and one site per hospital on
# 127.0.0.1, mutual TLS, each site holding only its own hospital's folder) beside `simulate` of the same job file
# on the whole folder. Prints per hospital and pooled Dice / HD95 of both, and their wall times.
#
#   ARCANUM=path/to/arcanum [LGG=../shared/data/lgg_mri] [SIZE=64] [ROUNDS=8] [WORK=dir] bash bench/network/lgg.sh
#
# The simulate run also trains the central and single-hospital baselines, so its wall time is not the federated
# part's alone. The two federated models are not bit-identical over several rounds (the server adds uploads as
# they arrive, a convolution's sums depend on the thread count, and Adam magnifies such last bits), so compare
# their figures, not their weights.
set -u
: "${ARCANUM:?ARCANUM must name the arcanum executable}"
REPO=$(pwd); LGG=$(realpath "${LGG:-$REPO/../shared/data/lgg_mri}"); SIZE=${SIZE:-64}; ROUNDS=${ROUNDS:-8}
WORK=${WORK:-$(mktemp -d)}
[ -d "$LGG" ] || { echo "no LGG folder at $LGG (set LGG)"; exit 2; }
mapfile -t SITES < <(find "$LGG" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
mkdir -p "$WORK"; cd "$WORK"
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap stop EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > project.yml <<YML
name: lgg
server: { host: 127.0.0.1, port: $port }
sites: [$(IFS=,; echo "${SITES[*]}")]
admins:
  - { name: admin@example.org, role: project-admin }
YML
cat > job.json <<JSON
{ "name": "lgg-unet-network", "data": "lgg", "task": "segmentation", "model": "unet", "image_size": $SIZE,
  "rounds": $ROUNDS, "local_epochs": 1, "batch_size": 16, "optimizer": "adam", "lr": 0.001, "seed": 42,
  "min_sites": ${#SITES[@]}, "round_timeout_s": 7200, "site_wait_timeout_s": 300 }
JSON
t0=$(date +%s)
"$ARCANUM" provision --project project.yml --out kits/ > provision.log 2>&1 || { cat provision.log; exit 1; }
"$ARCANUM" server --kit kits/server > server.log 2>&1 & pids+=($!)
for s in "${SITES[@]}"; do
  "$ARCANUM" site --kit "kits/$s" --data "lgg=$LGG/$s" --threads 1 > "site-$s.log" 2>&1 & pids+=($!)
done
admin() { "$ARCANUM" admin --kit kits/admin@example.org "$@"; }
for i in $(seq 1 120); do
  [ "$(admin sites 2>/dev/null | grep -c ' online ')" -ge "${#SITES[@]}" ] && break; sleep 1
done
job=$(admin submit job.json) || { echo "submit failed: $job"; tail server.log; exit 1; }
timeout 7200 "$ARCANUM" admin --kit kits/admin@example.org status "$job" --wait | tail -2
admin download "$job" --out network/ > /dev/null || { echo "download failed"; tail -20 server.log site-*.log; exit 1; }
t1=$(date +%s)
stop; pids=()
"$ARCANUM" simulate --job job.json --data "$LGG" --out simulated --parallel "$(nproc)" > simulate.log 2>&1 || { tail simulate.log; exit 1; }
t2=$(date +%s)
python3 - network/summary.json simulated/summary.json $((t1 - t0)) $((t2 - t1)) <<'PY'
import json, sys
net, sim = (json.load(open(p)) for p in sys.argv[1:3])
def f(v): return "n/a" if v is None or v != v else f"{v:.3f}"
print("| hospital | network Dice | simulate Dice | network HD95 | simulate HD95 | held-out patients |")
print("|---|---:|---:|---:|---:|---:|")
for site, m in net["federated"]["per_site"].items():
    s = sim["federated"]["per_site"].get(site, {})
    print(f"| {site} | {f(m.get('dice'))} | {f(s.get('dice'))} | {f(m.get('hd95'))} | {f(s.get('hd95'))} | {m.get('count')} |")
n, s = net["federated"], sim["federated"]
print(f"| **all (pooled patients)** | **{f(n['dice'])}** | **{f(s['dice'])}** | {f(n.get('hd95'))} | {f(s.get('hd95'))} | {n['count']} |")
print(f"\nwall time: network {sys.argv[3]} s (provisioning, start-up and image loading included); "
      f"simulate {sys.argv[4]} s (federated plus central and {len(s['per_site'])} single-hospital baselines)")
PY
echo "logs and results in $WORK"
