#!/usr/bin/env bash
# Plumb against PyTorch on the CPU, side by side in one run: the Fashion-MNIST MLP (784-256-128-10, ReLU,
# He init, softmax cross-entropy, 5 epochs) trained by both, alternating, with the same data and
# hyperparameters; inference throughput and single-example latency; peak RSS; the GEMM floor of an
# epoch and of prediction, and Plumb's ratio to it for every workload; and Plumb's epoch with augmentation
# (Plumb only), against its own plain epoch of the same round. Prints a Markdown table (the one in
# BENCHMARKS.md) and keeps the raw results.
#
#   plumb-bench/compare-pytorch.sh            # from the repository root; REPEATS=3 by default
#   REPEATS=1 plumb-bench/compare-pytorch.sh  # quicker, noisier
#
# Environment: REPEATS (runs of each program per workload; the table shows medians), QUIET_IDLE and
# QUIET_MAX_WAIT (before each run, wait up to QUIET_MAX_WAIT s, default 300, for the CPUs to be QUIET_IDLE %,
# default 85, idle: the machine may be shared), OUT (results
# directory, default target/compare-pytorch), PLUMB_JAVA_OPTS (JVM flags of the Plumb runs), MVN_ARGS
# (extra Maven flags, e.g. -o), SKIP_BUILD=1 (use the jar as it is).
# Needs: JDK 17, Maven, /usr/bin/time, python3-torch and the Fashion-MNIST files (see the messages below).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
REPEATS=${REPEATS:-3}
OUT=${OUT:-$ROOT/target/compare-pytorch}
PYTHON=/usr/bin/python3
JAR=$ROOT/plumb-bench/target/plumb-benchmarks.jar
DATA=/usr/share/datasets/fashion-mnist
# SerialGC: the hot loop allocates nothing, so a parallel collector's threads would only compete for the two
# cores; 400 MB of heap hold the 188 MB training set, the test set and the loader's garbage (peak RSS ~415 MB
# against ~540 MB with a 1 GB heap, at the same speed).
PLUMB_JAVA_OPTS=${PLUMB_JAVA_OPTS:--XX:+UseSerialGC -Xmx400m}

if [[ ! -x $PYTHON ]] || ! $PYTHON -c 'import torch, numpy' 2>/dev/null; then
    echo "PyTorch for $PYTHON is missing. Install Debian's build and an optimized BLAS for it:" >&2
    echo "    apt-get update && apt-get install -y python3-torch libopenblas0-pthread" >&2
    exit 3
fi
if ! $PYTHON - <<'EOF'
import ctypes.util, sys
import numpy, torch  # torch links the system libblas.so.3; reference BLAS would make the comparison meaningless
libs = open("/proc/self/maps").read()
sys.exit(0 if "openblas" in libs else 1)
EOF
then
    echo "PyTorch is using the reference BLAS (slow); install OpenBLAS so it gets a fair run:" >&2
    echo "    apt-get install -y libopenblas0-pthread" >&2
    exit 3
fi
if [[ ! -e $DATA/train-images-idx3-ubyte.gz ]]; then
    echo "Fashion-MNIST is missing: apt-get install -y dataset-fashion-mnist" >&2
    exit 3
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "/usr/bin/time is missing (peak RSS is measured with it): apt-get install -y time" >&2
    exit 3
fi
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    mvn -q -B -ntp ${MVN_ARGS:-} -pl plumb-core,plumb-bench -am package -DskipTests
fi

mkdir -p "$OUT"
RESULTS=$OUT/results.jsonl
: > "$RESULTS"

# workload name | arguments shared by both programs
WORKLOADS=(
    "sgd-b128|--optimizer momentum --lr 0.05 --batch 128 --inference"
    "sgd-b32|--optimizer momentum --lr 0.05 --batch 32"
    "adam-b128|--optimizer adam --lr 0.001 --batch 128"
    "dropout-l2-b128|--optimizer momentum --lr 0.05 --batch 128 --keep-prob 0.8 --weight-decay 5e-4"
)
# Plumb only, each right after the plain batch-128 workload of its round: augmentation's cost on top of the epoch
AUGMENTED=(
    "aug-shift-b128|--optimizer momentum --lr 0.05 --batch 128 --augment shift=2"
    "aug-flip-b128|--optimizer momentum --lr 0.05 --batch 128 --augment flip"
    "aug-flip-rotate-b128|--optimizer momentum --lr 0.05 --batch 128 --augment flip,rotate=10"
)
# PyTorch's thread settings: its default, and one intra-op thread with a two-thread OpenBLAS
TORCH_SETTINGS=("default|0|" "t1-ob2|1|2")

load1() { cut -d' ' -f1 /proc/loadavg; }

# percentage of CPU time idle over the next second
idle_percent() {
    local a b
    read -ra a < /proc/stat
    sleep 1
    read -ra b < /proc/stat
    local total=0 k
    for k in 1 2 3 4 5 6 7 8; do total=$((total + b[k] - a[k])); done
    echo $(( total > 0 ? 100 * (b[4] - a[4]) / total : 100 ))
}

# The machine is shared: before each run, wait (up to QUIET_MAX_WAIT seconds) until the CPUs are at
# least QUIET_IDLE % idle for two seconds in a row, so that runs do not start on top of someone's build.
wait_for_quiet() {
    local waited=0 streak=0 idle
    while (( waited < ${QUIET_MAX_WAIT:-300} )); do
        idle=$(idle_percent)
        waited=$((waited + 1))
        if (( idle >= ${QUIET_IDLE:-85} )); then
            streak=$((streak + 1))
            (( streak >= 2 )) && return 0
        else
            streak=0
        fi
    done
    echo "  (machine still busy after ${waited} s: running anyway)" >&2
}

# run NAME SIDE SETTING ROUND ENVIRONMENT COMMAND...: runs under /usr/bin/time -v, appends one JSON line
run() {
    local name=$1 side=$2 setting=$3 round=$4 envs=$5
    shift 5
    local log=$OUT/$name-$side-$setting-$round
    local before after
    wait_for_quiet
    before=$(load1)
    if ! env $envs /usr/bin/time -v "$@" > "$log.out" 2> "$log.err"; then
        echo "FAILED: $* (see $log.err)" >&2
        tail -20 "$log.err" >&2
        exit 1
    fi
    after=$(load1)
    local rss
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log.err")
    $PYTHON - "$log.out" "$name" "$side" "$setting" "$round" "$rss" "$before" "$after" >> "$RESULTS" <<'EOF'
import json, sys
out, name, side, setting, rnd, rss, before, after = sys.argv[1:]
line = [l for l in open(out) if l.startswith("{")][-1]
r = json.loads(line)
r.update(workload=name, side=side, setting=setting, round=int(rnd), peak_rss_kb=int(rss),
         load_before=float(before), load_after=float(after))
print(json.dumps(r))
EOF
    printf '  %-16s %-8s %-8s round %d  load %s -> %s  %s\n' "$name" "$side" "$setting" "$round" "$before" "$after" \
        "$(tail -1 "$RESULTS" | $PYTHON -c 'import json,sys; r=json.load(sys.stdin); e=r.get("epoch_seconds"); print("epochs " + " ".join("%.2f" % x for x in e) if e else "floor %.3f s" % r["floor_seconds"] if "floor_seconds" in r else "floor %.0f images/s" % r["floor_images_per_second"])')"
}

echo "$(date -u +%FT%TZ) $(nproc) cores, load $(cat /proc/loadavg); results in $RESULTS"
PLUMB=(java $PLUMB_JAVA_OPTS -Dorg.bytedeco.javacpp.cachedir="$ROOT/target/javacpp-cache" -cp "$JAR")
for round in $(seq 1 "$REPEATS"); do
    for batch in 128 32; do
        run "floor-b$batch" gemm native "$round" "" "${PLUMB[@]}" dev.plumb.bench.GemmFloor --batch "$batch"
    done
    run "floor-infer" gemm native "$round" "" "${PLUMB[@]}" dev.plumb.bench.GemmFloor --inference --batch 1000
    for w in "${WORKLOADS[@]}"; do
        name=${w%%|*}
        # each round another seed, the same for both: accuracy is compared as the mean over the rounds
        args="${w#*|} --seed $((41 + round))"
        # alternate which side goes first, so that neither always runs on a machine the other just warmed
        if (( round % 2 == 1 )); then order="plumb torch"; else order="torch plumb"; fi
        for side in $order; do
            if [[ $side == plumb ]]; then
                run "$name" plumb java "$round" "" "${PLUMB[@]}" dev.plumb.bench.FashionMnistBench $args
            else
                for s in "${TORCH_SETTINGS[@]}"; do
                    IFS='|' read -r setting threads openblas <<< "$s"
                    envs=""
                    if [[ -n $openblas ]]; then envs="OPENBLAS_NUM_THREADS=$openblas"; fi
                    run "$name" pytorch "$setting" "$round" "$envs" \
                        $PYTHON "$ROOT/plumb-bench/compare/torch_mlp.py" --threads "$threads" $args
                done
            fi
        done
        if [[ $name == sgd-b128 ]]; then
            for a in "${AUGMENTED[@]}"; do
                run "${a%%|*}" plumb java "$round" "" "${PLUMB[@]}" dev.plumb.bench.FashionMnistBench ${a#*|} --seed $((41 + round))
            done
        fi
    done
done
echo "$(date -u +%FT%TZ) done, load $(cat /proc/loadavg)"
echo
$PYTHON "$ROOT/plumb-bench/compare/report.py" "$RESULTS" | tee "$OUT/table.md"
