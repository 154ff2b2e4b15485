#!/usr/bin/env bash
# The note generator over a real federation (issue 13, part 2): a server and two `arcanum site` processes on 127.0.0.1,
# "aci" holding ACI-Bench's training visit notes and "mts" MTS-Dialog's training sections (copied into a temporary
# folder, never into the repository), train RESULTS r.4's model as a network job ("task": "notes"). The same settings
# then run in one process (`notes fit --federated` on the same two folders). The two must give the same model and the
# same held-out scores; the table gives both, the wall time of each and what crossed the network.
#
#   ARCANUM=path/to/arcanum NOTES=../shared/data/clinical_text bash bench/network/notes.sh [ROUNDS] [LOCAL_STEPS]
set -u
: "${ARCANUM:?ARCANUM must name the arcanum executable}"
NOTES=$(realpath "${NOTES:-../shared/data/clinical_text}"); WORK=${WORK:-$(mktemp -d)}; REPO=$(pwd)
ROUNDS=${1:-20}; LOCAL=${2:-30}; THREADS=${SITE_THREADS:-1}
[ -f "$REPO/examples/project.yml" ] || { echo "run from the repository root (examples/project.yml not found)"; exit 2; }
[ -f "$NOTES/aci-bench/train.csv" ] || { echo "no aci-bench/train.csv in $NOTES"; exit 2; }
mkdir -p "$WORK/sites/aci" "$WORK/sites/mts"; cd "$WORK"
cp "$NOTES/aci-bench/train.csv" sites/aci/
cp "$NOTES/mts-dialog/MTS_Dataset_TrainingSet.csv" sites/mts/
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap stop EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed "s/port: [0-9]*/port: $port/" "$REPO/examples/project.yml" > project.yml
"$ARCANUM" provision --project project.yml --out kits/ > provision.log 2>&1 || { cat provision.log; exit 1; }
"$ARCANUM" server --kit kits/server > server.log 2>&1 & pids+=($!)
# Two sites on two cores: one libtorch thread each by default (SITE_THREADS; the in-process fit trains one site at a
# time on both cores, and libtorch's sums depend on the thread count, so only SITE_THREADS=2 gives its model to the last bits).
"$ARCANUM" site --kit kits/hospital-a --data "notes=$WORK/sites/aci" --threads "$THREADS" > site-aci.log 2>&1 & pids+=($!)
"$ARCANUM" site --kit kits/hospital-b --data "notes=$WORK/sites/mts" --threads "$THREADS" > site-mts.log 2>&1 & pids+=($!)
admin() { "$ARCANUM" admin --kit kits/admin@example.org "$@"; }
for i in $(seq 1 60); do [ "$(admin sites 2>/dev/null | grep -c ' online ')" -ge 2 ] && break; sleep 1; done
cat > job.json <<JSON
{ "name": "notes-aci-mts", "data": "notes", "task": "notes", "algorithm": "fedavg", "rounds": $ROUNDS, "seed": 7, "min_sites": 2,
  "round_timeout_s": 600, "notes": { "width": 128, "layers": 2, "heads": 4, "context": 128, "local_steps": $LOCAL, "batch_size": 32, "lr": 0.003 } }
JSON
start=$(date +%s.%N)
job=$(admin submit job.json) || exit 1
admin status "$job" --wait > wait.log || { cat wait.log; tail -5 server.log site-*.log; exit 1; }
network_s=$(python3 -c "import time; print(f'{time.time() - $start:.0f}')")
admin download "$job" --out network > download.log || { cat download.log; exit 1; }
stop; pids=()
# The in-process federation names its sites after the folders; the network's are the kits' names, and a site's seed
# comes from its name, so the folders carry the kits' names here.
mkdir -p local-sites; ln -sfn "$WORK/sites/aci" local-sites/hospital-a; ln -sfn "$WORK/sites/mts" local-sites/hospital-b
start=$(date +%s.%N)
"$ARCANUM" notes fit --data local-sites --out in-process --federated --rounds "$ROUNDS" --local-steps "$LOCAL" --width 128 --layers 2 --heads 4 \
  --context 128 --batch-size 32 --lr 0.003 --seed 7 > in-process.log 2>&1 || { cat in-process.log; exit 1; }
local_s=$(python3 -c "import time; print(f'{time.time() - $start:.0f}')")
python3 - network in-process "$network_s" "$local_s" "$ROUNDS" <<'PY'
import json, struct, sys
def tensors(folder):
    raw = open(f"{folder}/notes.safetensors", "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]; header = json.loads(raw[8:8 + n]); body = raw[8 + n:]
    return {k: struct.unpack(f"<{(v['data_offsets'][1] - v['data_offsets'][0]) // 4}f", body[v["data_offsets"][0]:v["data_offsets"][1]])
            for k, v in header.items() if k != "__metadata__"}
net, loc = tensors(sys.argv[1]), tensors(sys.argv[2])
diff = max(abs(a - b) for k in net for a, b in zip(net[k], loc[k]))
params = sum(len(v) for v in net.values())
cards = [json.load(open(f"{f}/notes-model.json")) for f in sys.argv[1:3]]
rounds = int(sys.argv[5])
def site(card, name): return next(s for s in card["federation"]["sites"] if s["name"] == name)
print(f"model: {params:,} parameters; max abs weight difference network vs in-process: {diff:.3g}")
print("| run | hospital-a (aci) held-out bits/byte | hospital-b (mts) held-out bits/byte | pooled | wall s | weights moved |")
print("|---|---:|---:|---:|---:|---:|")
for label, card, seconds in (("network: server + 2 site processes", cards[0], sys.argv[3]), ("one process (`notes fit --federated`)", cards[1], sys.argv[4])):
    moved = f"{rounds * 2 * 2 * params * 4 / 1e6:.0f} MB" if card is cards[0] else "-"
    print(f"| {label} | {site(card, 'hospital-a')['held_out_bits_per_byte']:.4f} | {site(card, 'hospital-b')['held_out_bits_per_byte']:.4f} | {card['held_out_bits_per_byte']:.4f} | {seconds} | {moved} |")
PY
