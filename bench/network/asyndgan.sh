#!/bin/bash
# Issue 11: AsynDGAN over the real network (a server holding the generator and one `arcanum site` per LGG hospital on
# 127.0.0.1, mutual TLS, each site holding only its own hospital's folder and its discriminator) beside the same training
# in one process (`images synth fit --training asyndgan` on the whole folder, one discriminator per hospital folder).
# Prints per epoch the losses and bytes moved of both and their wall times, then how far apart the two generators' images
# are: both sample the same hospital's masks, and the table gives the largest and mean pixel difference (0-255).
#
#   ARCANUM=path/to/arcanum [LGG=../shared/data/lgg_mri] [SIZE=64] [EPOCHS=2] [WORK=dir] bash bench/network/asyndgan.sh
set -u
: "${ARCANUM:?ARCANUM must name the arcanum executable}"
REPO=$(pwd); LGG=$(realpath "${LGG:-$REPO/../shared/data/lgg_mri}"); SIZE=${SIZE:-64}; EPOCHS=${EPOCHS:-2}
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
{ "name": "lgg-asyndgan", "data": "lgg", "task": "image_synthesis", "image_size": $SIZE, "rounds": $EPOCHS, "seed": 42,
  "min_sites": ${#SITES[@]}, "round_timeout_s": 600, "site_wait_timeout_s": 300, "synthesis": { "batch_size": 16 } }
JSON
"$ARCANUM" provision --project project.yml --out kits/ > provision.log 2>&1 || { cat provision.log; exit 1; }
"$ARCANUM" server --kit kits/server > server.log 2>&1 & pids+=($!)
# Four sites and the server on two cores: one libtorch thread per site; a step's sites answer one after another anyway.
for s in "${SITES[@]}"; do
  "$ARCANUM" site --kit "kits/$s" --data "lgg=$LGG/$s" --threads 1 > "site-$s.log" 2>&1 & pids+=($!)
done
admin() { "$ARCANUM" admin --kit kits/admin@example.org "$@"; }
for i in $(seq 1 120); do
  [ "$(admin sites 2>/dev/null | grep -c ' online ')" -ge "${#SITES[@]}" ] && break; sleep 1
done
t0=$(date +%s)
job=$(admin submit job.json) || { echo "submit failed: $job"; tail server.log; exit 1; }
timeout 7200 "$ARCANUM" admin --kit kits/admin@example.org status "$job" --wait | tail -2
admin download "$job" --out network/ > /dev/null || { echo "download failed"; tail -20 server.log site-*.log; exit 1; }
t1=$(date +%s)
stop; pids=()
"$ARCANUM" images synth fit --data "$LGG" --out in-process --training asyndgan --holdout 0 --image-size "$SIZE" --epochs "$EPOCHS" \
  --batch-size 16 --seed 42 > in-process.log 2>&1 || { tail in-process.log; exit 1; }
t2=$(date +%s)
masks="$LGG/${SITES[0]}"
for g in network in-process; do
  "$ARCANUM" images synth sample --model "$g" --masks "$masks" --out "sampled-$g" > "sample-$g.log" 2>&1 || { tail "sample-$g.log"; exit 1; }
done
python3 - network in-process $((t1 - t0)) $((t2 - t1)) <<'PY'
import json, os, struct, sys, zlib
def grey(path):
    raw = open(path, "rb").read(); pos = 8; idat = b""; width = height = 0
    while pos < len(raw):
        n, kind = struct.unpack(">I4s", raw[pos:pos + 8]); body = raw[pos + 8:pos + 8 + n]; pos += 12 + n
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour == 0, f"{path}: expected 8-bit grey"
        elif kind == b"IDAT": idat += body
    data = zlib.decompress(idat); rows = []; previous = bytes(width)
    for y in range(height):
        f, line = data[y * (width + 1)], bytearray(data[y * (width + 1) + 1:(y + 1) * (width + 1)])
        for x in range(width):
            a = line[x - 1] if x else 0; b = previous[x]; c = previous[x - 1] if x else 0
            p = a + b - c; pred = a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c
            line[x] = (line[x] + (0, a, b, (a + b) // 2, pred)[f]) & 255
        rows.append(bytes(line)); previous = line
    return b"".join(rows)
net, loc = (json.load(open(f"{d}/model.json")) for d in sys.argv[1:3])
print("| epoch | network D / G adv / L1 | in-process D / G adv / L1 | MB moved (network / in-process) | missed site steps |")
print("|---:|---|---|---|---:|")
for a, b in zip(net["epochs"], loc["epochs"]):
    print(f"| {a['epoch']} | {a['discriminator_loss']:.4f} / {a['adversarial_loss']:.4f} / {a['l1']:.4f} | "
          f"{b['discriminator_loss']:.4f} / {b['adversarial_loss']:.4f} / {b['l1']:.4f} | {a['bytes_moved'] / 1e6:.1f} / {b['bytes_moved'] / 1e6:.1f} | {a['missed_answers']} |")
diffs = []
for root, _, files in os.walk("sampled-network"):
    for name in files:
        if name.endswith(".png") and not name.endswith("_mask.png"):
            p = os.path.join(root, name); q = os.path.join("sampled-in-process", os.path.relpath(p, "sampled-network"))
            diffs += [abs(x - y) for x, y in zip(grey(p), grey(q))]
print(f"\n{net['training_slices']} slices at {len(net['sites'])} sites, {net['size']}x{net['size']}; "
      f"wall time: network {sys.argv[3]} s (a server and {len(net['sites'])} site processes), in one process {sys.argv[4]} s")
print(f"the two generators' images of {len(diffs) // (net['size'] ** 2)} masks: largest pixel difference {max(diffs)} of 255, mean {sum(diffs) / len(diffs):.3f}")
PY
echo "logs and results in $WORK"
