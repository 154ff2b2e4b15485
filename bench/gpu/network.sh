#!/bin/bash
# The README's real federation (examples/: a server and three hospitals on 127.0.0.1, mutual TLS) with the
# server and every site on --device DEVICE, against `simulate` of the same job on the pooled rows on the CPU:
# the two final models must agree (the end-to-end tests hold the CPU federation to 1e-5).
#
#   ARCANUM=path/to/arcanum [DEVICE=cuda] [WORK=dir] bash bench/gpu/network.sh      (from the repository root)
set -u
: "${ARCANUM:?ARCANUM must name the arcanum executable}"
DEVICE=${DEVICE:-cuda}; WORK=${WORK:-$(mktemp -d)}; REPO=$(pwd)
[ -f "$REPO/examples/job.json" ] || { echo "run from the repository root (examples/job.json not found)"; exit 2; }
mkdir -p "$WORK"; cd "$WORK"
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap stop EXIT
t0=$(date +%s%N)
"$ARCANUM" provision --project "$REPO/examples/project.yml" --out kits/ > provision.log 2>&1 || { cat provision.log; exit 1; }
"$ARCANUM" server --kit kits/server --device "$DEVICE" > server.log 2>&1 & pids+=($!)
for s in a b c; do
  "$ARCANUM" site --kit "kits/hospital-$s" --data "pbc3=$REPO/examples/sites/hospital-$s.csv" --device "$DEVICE" > "site-$s.log" 2>&1 & pids+=($!)
done
admin() { "$ARCANUM" admin --kit kits/admin@example.org "$@"; }
for i in $(seq 1 60); do   # at most 60 s for the server and the three sites to come up
  [ "$(admin sites 2>/dev/null | grep -c -E 'hospital-[abc].*(online|idle|ready|connected)')" -ge 3 ] && break; sleep 1
done
admin sites
job=$(admin submit "$REPO/examples/job.json" 2>&1 | grep -oE '[0-9a-f]{8,}[-0-9a-f]*' | head -1)
[ -n "$job" ] || { echo "submit failed"; cat server.log; exit 1; }
timeout 300 "$ARCANUM" admin --kit kits/admin@example.org status "$job" --wait | tail -3
admin download "$job" --out results/ > /dev/null || { echo "download failed"; tail -20 server.log site-*.log; exit 1; }
t1=$(date +%s%N)
"$ARCANUM" simulate --job "$REPO/examples/job.json" --data "$REPO/examples/sites/all.csv" --site-column hospital --device cpu --out sim > sim.log 2>&1 || { tail sim.log; exit 1; }
grep -h -i -E '"(auroc|federated)"' results/summary.json sim/summary.json | head -4
python3 - results/model.safetensors sim/model.safetensors "$DEVICE" <<'EOF'
import json, struct, sys
def read(path):
    raw = open(path, 'rb').read(); n = struct.unpack('<Q', raw[:8])[0]; head = json.loads(raw[8:8 + n]); body = raw[8 + n:]
    out = {}
    for k, v in head.items():
        if k == '__metadata__': continue
        a, b = v['data_offsets']; out[k] = struct.unpack('<%df' % ((b - a) // 4), body[a:b])
    return out
net, sim = read(sys.argv[1]), read(sys.argv[2])
worst = max(abs(x - y) for k in net for x, y in zip(net[k], sim[k]))
print(f"| network on {sys.argv[3]} vs simulate on cpu | largest weight difference {worst:.2e} | {'same model' if worst < 1e-4 else 'DIFFERENT'} |")
EOF
echo "network job on $DEVICE: $(( (t1 - t0) / 1000000 )) ms, provisioning and start-up included"
