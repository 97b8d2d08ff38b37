"""Renders compare-pytorch.sh's results (one JSON object per run) as the Markdown tables of BENCHMARKS.md.

Per run, the epoch time is the median of epochs 2-5 (the first warms both up); across the harness's
repeats every figure is the median, except test accuracy: each repeat uses another seed (the same on both
sides), and accuracy is the mean over them. PyTorch is shown at its best thread setting: in every round, the faster of its two runs.

Ratios are paired: each round runs Plumb and PyTorch back to back, and the speed of a shared VM drifts
over minutes (by up to 2x), so a ratio is taken within each round and the table shows the median of the
per-round ratios. The medians of the times are shown beside them.
"""
import json
import statistics
import sys
from collections import defaultdict

# workload, title, target for Plumb's epoch / the GEMM floor of its batch size (issue 18)
WORKLOADS = [("sgd-b128", "SGD+momentum, batch 128", 1.2), ("sgd-b32", "SGD+momentum, batch 32", 1.2),
             ("adam-b128", "Adam, batch 128", 1.3), ("dropout-l2-b128", "dropout 0.8 + L2, batch 128", 1.3)]
# Plumb only: workload, title, target for the epoch's overhead over Plumb's plain batch-128 epoch of the same round
AUGMENTED = [("aug-shift-b128", "--augment shift=2", 0.10), ("aug-flip-b128", "--augment flip", 0.10),
             ("aug-flip-rotate-b128", "--augment flip,rotate=10", 0.25)]
INFERENCE_TARGET = 1.0
LATENCY_TARGET = 0.4
RSS_TARGET = 0.5
ACCURACY_POINTS = 0.5
TRAIN_EXAMPLES = 60000


def med(values):
    return statistics.median(values)


def epoch(run):
    return med(run["epoch_seconds"][1:])


def over_products(run):
    """The run's epoch / its products timed right after it in the same process (epochs 2-5), or None (older runs)."""
    if "products_seconds" not in run:
        return None
    return med([e / p for e, p in zip(run["epoch_seconds"][1:], run["products_seconds"][1:])])


def same_process(runs):
    ratios = [x for x in (over_products(r) for r in runs) if x is not None]
    return (med(ratios), ratios) if ratios else (None, [])


def paired(plumb_runs, torch_runs, value, invert=False):
    """Median over rounds of Plumb's value / PyTorch's value in the same round (or the inverse)."""
    by_round = {r["round"]: value(r) for r in torch_runs}
    ratios = [(by_round[r["round"]] / value(r)) if invert else (value(r) / by_round[r["round"]])
              for r in plumb_runs if r["round"] in by_round]
    return med(ratios), ratios


def batch_of(name):
    return int(name.rsplit("-b", 1)[1])


def main(path):
    runs = [json.loads(line) for line in open(path) if line.strip()]
    floor_runs = [r for r in runs if r["workload"] in ("floor-b128", "floor-b32")]

    def floor_of(run, name):
        """The GEMM floor of the run's batch size measured in the run's round (None if not measured)."""
        fs = [f for f in floor_runs if f["batch"] == batch_of(name) and f["round"] == run["round"]]
        return fs[0]["floor_seconds"] if fs else None

    def over_floor(name):
        ratios = [epoch(r) / floor_of(r, name) for r in by[(name, "plumb", "java")] if floor_of(r, name)]
        return med(ratios) if ratios else None
    by = defaultdict(list)
    for r in runs:
        by[(r["workload"], r["side"], r["setting"])].append(r)

    def summary(key):
        rs = by[key]
        s = {"epoch": med([epoch(r) for r in rs]), "acc": statistics.mean([r["test_accuracy"] for r in rs]),
             "rss": med([r["peak_rss_kb"] for r in rs]) / 1024, "runs": len(rs),
             "spread": (min(epoch(r) for r in rs), max(epoch(r) for r in rs))}
        for k in ("infer_images_per_second", "latency_p50_us", "latency_p99_us"):
            if k in rs[0]:
                s[k] = med([r[k] for r in rs])
        return s

    checks = []
    lines = ["| workload | Plumb s/epoch | Plumb / GEMM floor (target) | Plumb / its products, same process "
             "| PyTorch s/epoch | Plumb / PyTorch "
             "| best runs: Plumb / PyTorch | Plumb test acc. | PyTorch test acc. | Plumb peak RSS "
             "| PyTorch peak RSS | RSS ratio |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    best = {}
    plumb = {}
    for name, title, target in WORKLOADS:
        settings = [k for k in by if k[0] == name and k[1] == "pytorch"]
        if not settings or (name, "plumb", "java") not in by:
            continue
        # PyTorch's best thread setting, chosen in every round: its faster run of that round
        torch_runs = []
        for rnd in sorted({r["round"] for k in settings for r in by[k]}):
            candidates = [r for k in settings for r in by[k] if r["round"] == rnd]
            torch_runs.append(min(candidates, key=epoch))
        torch_key = (name, "pytorch", "best")
        by[torch_key] = torch_runs
        t = summary(torch_key)
        chosen = [r["setting"] for r in torch_runs]
        label = "/".join(sorted(set(chosen), key=chosen.count, reverse=True))
        p = summary((name, "plumb", "java"))
        best[name], plumb[name] = (torch_key[2], t), p
        ratio, per_round = paired(by[(name, "plumb", "java")], by[torch_key], epoch)
        p["ratios"] = per_round
        p["torch_runs"] = by[torch_key]
        rss_ratio, _ = paired(by[(name, "plumb", "java")], by[torch_key], lambda r: r["peak_rss_kb"])
        floor_ratio = over_floor(name)
        if floor_ratio is not None:
            checks.append((f"epoch {title} / GEMM floor {floor_ratio:.2f} <= {target}", floor_ratio <= target))
        floor_cell = f"**{floor_ratio:.2f}** ({target})" if floor_ratio is not None else "—"
        own, own_runs = same_process(by[(name, "plumb", "java")])
        if own is not None:
            checks.append((f"epoch {title} / its products in the same process {own:.2f} <= {target}", own <= target))
        own_cell = (f"**{own:.2f}** ({' '.join('%.2f' % x for x in own_runs)})" if own is not None else "—")
        checks.append((f"accuracy {title}: |{100 * p['acc']:.2f} - {100 * t['acc']:.2f}| <= {ACCURACY_POINTS} points",
                       abs(p["acc"] - t["acc"]) * 100 <= ACCURACY_POINTS))
        checks.append((f"peak RSS {title}: Plumb/PyTorch {rss_ratio:.2f} <= {RSS_TARGET}", rss_ratio <= RSS_TARGET))
        best_p, best_t = p["spread"][0], t["spread"][0]
        lines.append(f"| {title} | {p['epoch']:.3f} | {floor_cell} | {own_cell} | {t['epoch']:.3f} ({label}) | {ratio:.2f} "
                     f"| {best_p:.3f} / {best_t:.3f} = {best_p / best_t:.2f} "
                     f"| {100 * p['acc']:.2f} % | {100 * t['acc']:.2f} % | {p['rss']:.0f} MB | {t['rss']:.0f} MB "
                     f"| **{rss_ratio:.2f}** |")
    print("Training (per run, the median epoch time of epochs 2-5; shown: the median over %d runs, each ratio as the "
          "median of the per-round ratios — to the GEMM floor of the batch size measured in the same round, and to "
          "PyTorch — and the fastest run of each side; test accuracy: mean over the runs' seeds; 'its products, same "
          "process': each epoch against the same epoch's matrix products timed right after it in the same JVM, the "
          "median over epochs 2-5 of each run, then over the runs, each run's in brackets):"
          % plumb["sgd-b128"]["runs"])
    print()
    print("\n".join(lines))
    print()

    plain = by.get(("sgd-b128", "plumb", "java"), [])
    plain_by_round = {r["round"]: epoch(r) for r in plain}
    aug_lines = []
    for name, title, target in AUGMENTED:
        rs = by.get((name, "plumb", "java"), [])
        if not rs:
            continue
        overheads = [epoch(r) / plain_by_round[r["round"]] - 1 for r in rs if r["round"] in plain_by_round]
        overhead = med(overheads)
        floor_ratio = over_floor(name)
        checks.append((f"augmentation {title}: {100 * overhead:+.0f} % over the plain epoch <= {100 * target:.0f} %",
                       overhead <= target))
        floor_cell = f"{floor_ratio:.2f}" if floor_ratio is not None else "—"
        aug_lines.append(f"| {title} | {med([epoch(r) for r in rs]):.3f} | {med(list(plain_by_round.values())):.3f} "
                         f"| **{100 * overhead:+.0f} %** (<= {100 * target:.0f} %) "
                         f"| {' '.join('%+.0f' % (100 * o) for o in overheads)} | {floor_cell} |")
    if aug_lines:
        print("Augmentation (Plumb only, SGD+momentum at batch 128, in pixel space as `plumb train --augment` on "
              "standardized data; each run right after the plain run of its round; overhead: median of the per-round "
              "ratios augmented / plain − 1):")
        print()
        print("| augmentation | Plumb s/epoch | plain s/epoch | overhead (target) | per round (%) | Plumb / GEMM floor |")
        print("|---|---|---|---|---|---|")
        print("\n".join(aug_lines))
        print()

    if "sgd-b128" in best and "infer_images_per_second" in plumb["sgd-b128"]:
        p, (setting, t) = plumb["sgd-b128"], best["sgd-b128"]
        mine, theirs = by[("sgd-b128", "plumb", "java")], p["torch_runs"]
        thr, _ = paired(mine, theirs, lambda r: r["infer_images_per_second"])
        p50, _ = paired(mine, theirs, lambda r: r["latency_p50_us"])
        p99, _ = paired(mine, theirs, lambda r: r["latency_p99_us"])
        checks.append((f"inference throughput: Plumb/PyTorch {thr:.2f} >= {INFERENCE_TARGET}", thr >= INFERENCE_TARGET))
        infer_floors = {r["round"]: r["floor_images_per_second"] for r in runs if r["workload"] == "floor-infer"}
        of_floor = [r["infer_images_per_second"] / infer_floors[r["round"]] for r in mine if r["round"] in infer_floors]
        checks.append((f"single-example p50 latency: Plumb/PyTorch {p50:.2f} <= {LATENCY_TARGET}", p50 <= LATENCY_TARGET))
        print("Inference (the model trained with SGD+momentum at batch 128; 10,000 test images):")
        print()
        print("| measure | Plumb | PyTorch | ratio (target) |")
        print("|---|---|---|---|")
        print(f"| throughput, batches of 1000 | {p['infer_images_per_second']:,.0f} images/s "
              f"| {t['infer_images_per_second']:,.0f} images/s | **{thr:.2f}** (>= {INFERENCE_TARGET}) |")
        print(f"| single-example latency p50 | {p['latency_p50_us']:.1f} us | {t['latency_p50_us']:.1f} us "
              f"| **{p50:.2f}** (<= {LATENCY_TARGET}) |")
        print(f"| single-example latency p99 | {p['latency_p99_us']:.1f} us | {t['latency_p99_us']:.1f} us "
              f"| {p99:.2f} |")
        print()
        if of_floor:
            floor_ips = med(list(infer_floors.values()))
            print(f"GEMM floor of prediction (the three forward products of a batch of 1000, off-heap, OpenBLAS on 2 "
                  f"threads): {floor_ips:,.0f} images/s; Plumb's throughput / floor, median of the per-round ratios: "
                  f"**{med(of_floor):.2f}**; PyTorch's: "
                  f"{med([t2['infer_images_per_second'] / infer_floors[t2['round']] for t2 in theirs if t2['round'] in infer_floors]):.2f}.")
            print()

    floors = floor_runs
    if floors:
        print("GEMM floor (FLOPs of an epoch's products / sgemm rate at the epoch's shapes, OpenBLAS on 2 threads):")
        print()
        print("| batch | GFLOP/epoch | sgemm rate, off-heap | rate through Plumb's Blas seam | floor | Plumb epoch | "
              "Plumb / floor |")
        print("|---|---|---|---|---|---|---|")
        for batch, name in ((128, "sgd-b128"), (32, "sgd-b32")):
            fs = [r for r in floors if r["batch"] == batch]
            if not fs or name not in plumb:
                continue
            floor = med([r["floor_seconds"] for r in fs])
            over = over_floor(name)
            print(f"| {batch} | {fs[0]['epoch_gflop']:.1f} | {med([r['raw_gflops'] for r in fs]):.0f} GFLOPS "
                  f"| {med([r['seam_gflops'] for r in fs]):.0f} GFLOPS | {floor:.3f} s | {plumb[name]['epoch']:.3f} s "
                  f"| **{over:.2f}** |")
        print()

    loads = [r["load_before"] for r in runs] + [r["load_after"] for r in runs]
    print(f"Machine load (1-min average) during the runs: median {med(loads):.2f}, max {max(loads):.2f}.")
    spreads = ", ".join(f"{n} Plumb {p['spread'][0]:.3f}-{p['spread'][1]:.3f} s / PyTorch "
                        f"{best[n][1]['spread'][0]:.3f}-{best[n][1]['spread'][1]:.3f} s" for n, p in plumb.items())
    print(f"Spread of the per-run medians: {spreads}.")
    rounds = "; ".join(f"{n} " + " ".join(f"{x:.2f}" for x in p["ratios"]) for n, p in plumb.items())
    print(f"Per-round ratios Plumb/PyTorch (epoch): {rounds}.")
    floor_rounds = "; ".join(f"{n} " + " ".join(f"{epoch(r) / floor_of(r, n):.2f}" for r in by[(n, "plumb", "java")]
                                                  if floor_of(r, n)) for n in plumb)
    print(f"Per-round ratios Plumb/GEMM floor (epoch): {floor_rounds}.")
    print()
    print("Targets:")
    print()
    for text, ok in checks:
        print(f"- [{'x' if ok else ' '}] {text}{'' if ok else '  -- MISSED'}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/compare-pytorch/results.jsonl")
