"""PyTorch's side of compare-pytorch.sh: the same workload as dev.plumb.bench.FashionMnistBench.

Trains the 784-256-128-10 ReLU MLP on Fashion-MNIST (He init, softmax cross-entropy), then with
--inference measures prediction throughput (batches of 1000) and single-example latency, and prints one
JSON line. Keep it in step with FashionMnistBench.java: same data scaling, same loop, same measurements.

--threads N calls torch.set_num_threads(N) (0 leaves PyTorch's default); OpenBLAS threads come from the
environment (OPENBLAS_NUM_THREADS), which the harness sets.
"""
import argparse
import gzip
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = "/usr/share/datasets/fashion-mnist"
INFERENCE_BATCH = 1000
LATENCY_WARMUP = 3000
LATENCY_SAMPLES = 10000
THROUGHPUT_WARMUP = 5
THROUGHPUT_PASSES = 15


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(part):
    images = read_idx(os.path.join(DATA, f"{part}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(DATA, f"{part}-labels-idx1-ubyte.gz"))
    x = images.reshape(len(images), -1).astype(np.float32) / np.float32(255)
    return x, labels.astype(np.int64)


def model(keep_prob):
    layers = []
    width = 784
    for units in (256, 128):
        layers += [nn.Linear(width, units), nn.ReLU()]
        if keep_prob < 1:
            layers.append(nn.Dropout(p=1 - keep_prob))
        width = units
    layers.append(nn.Linear(width, 10))
    net = nn.Sequential(*layers)
    for m in net:
        if isinstance(m, nn.Linear):  # He: N(0, 2/n_in), biases zero, as Plumb's "he"
            nn.init.normal_(m.weight, 0.0, math.sqrt(2.0 / m.in_features))
            nn.init.zeros_(m.bias)
    return net


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--optimizer", default="momentum", choices=["momentum", "adam"])
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--keep-prob", type=float, default=1.0)
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--inference", action="store_true")
    a = p.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    load_start = time.perf_counter()
    x_np, y_np = load("train")
    xt_np, yt_np = load("t10k")
    # one scalar mean and std over all training pixels (torchvision's Normalize((mean,), (std,))), in double
    mean = x_np.mean(dtype=np.float64)
    std = math.sqrt(((x_np.astype(np.float64) - mean) ** 2).mean())
    x = torch.from_numpy(((x_np - mean) / std).astype(np.float32))
    xt = torch.from_numpy(((xt_np - mean) / std).astype(np.float32))
    y, yt = torch.from_numpy(y_np), torch.from_numpy(yt_np)
    del x_np, xt_np
    load_seconds = time.perf_counter() - load_start

    net = model(a.keep_prob)
    # weight decay on the weights only: Plumb's L2 leaves biases alone, as the note does
    weights = [q for n, q in net.named_parameters() if n.endswith("weight")]
    biases = [q for n, q in net.named_parameters() if n.endswith("bias")]
    groups = [{"params": weights, "weight_decay": a.weight_decay}, {"params": biases, "weight_decay": 0.0}]
    if a.optimizer == "adam":
        opt = torch.optim.Adam(groups, lr=a.lr)
    else:
        opt = torch.optim.SGD(groups, lr=a.lr, momentum=0.9)

    m = x.shape[0]
    epoch_seconds = []
    for epoch in range(a.epochs):
        start = time.perf_counter()
        net.train()
        order = torch.randperm(m)
        for i in range(0, m, a.batch):
            idx = order[i:i + a.batch]
            out = net(x[idx])
            loss = F.cross_entropy(out, y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        epoch_seconds.append(time.perf_counter() - start)

    net.eval()
    with torch.no_grad():
        accuracy = (net(xt).argmax(dim=1) == yt).double().mean().item()
    result = {"side": "pytorch", "torch": torch.__version__, "threads": torch.get_num_threads(),
              "load_seconds": load_seconds, "epoch_seconds": epoch_seconds, "test_accuracy": accuracy}

    if a.inference:
        batches = [xt[i:i + INFERENCE_BATCH] for i in range(0, xt.shape[0], INFERENCE_BATCH)]
        passes = []
        with torch.no_grad():
            for k in range(THROUGHPUT_WARMUP + THROUGHPUT_PASSES):
                start = time.perf_counter()
                for b in batches:
                    torch.softmax(net(b), dim=1)
                if k >= THROUGHPUT_WARMUP:
                    passes.append(time.perf_counter() - start)
            singles = [xt[i:i + 1] for i in range(xt.shape[0])]
            micros = []
            for k in range(-LATENCY_WARMUP, LATENCY_SAMPLES):
                s = singles[k % len(singles)]
                start = time.perf_counter_ns()
                torch.softmax(net(s), dim=1)
                if k >= 0:
                    micros.append((time.perf_counter_ns() - start) / 1e3)
        micros.sort()
        result["infer_images_per_second"] = xt.shape[0] / float(np.median(passes))
        result["latency_p50_us"] = micros[math.ceil(0.50 * len(micros)) - 1]
        result["latency_p99_us"] = micros[math.ceil(0.99 * len(micros)) - 1]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
