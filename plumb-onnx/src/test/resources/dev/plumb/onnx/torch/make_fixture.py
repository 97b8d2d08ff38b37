"""Makes torch_mlp.onnx and torch_mlp_expected.csv, the PyTorch-exported fixture of OnnxImportTest.

Run once with Debian's PyTorch (python3-torch):  /usr/bin/python3 make_fixture.py
It builds a small seeded nn.Sequential MLP with input normalization in front (x - mean) / std and a softmax at the
end, exports it with torch.onnx.export, and writes 20 seeded inputs with PyTorch's outputs for them, so the Java
test can check that the imported model predicts what PyTorch predicted.
"""
import csv

import torch
from torch import nn


class Normalize(nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", mean)
        self.register_buffer("std", std)

    def forward(self, x):
        return (x - self.mean) / self.std


def main():
    torch.manual_seed(2026)
    inputs, hidden1, hidden2, classes = 6, 16, 8, 3
    mean = torch.randn(inputs) * 3
    std = torch.rand(inputs) * 2 + 0.5
    model = nn.Sequential(
        Normalize(mean, std),
        nn.Linear(inputs, hidden1), nn.ReLU(),
        nn.Linear(hidden1, hidden2), nn.Tanh(),
        nn.Linear(hidden2, classes), nn.Softmax(dim=-1),
    ).eval()
    example = torch.randn(4, inputs)
    torch.onnx.export(model, example, "torch_mlp.onnx", input_names=["x"], output_names=["probs"],
                      dynamic_axes={"x": {0: "batch"}, "probs": {0: "batch"}}, opset_version=17)
    x = torch.randn(20, inputs) * 3
    with torch.no_grad():
        y = model(x)
    with open("torch_mlp_expected.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([f"x{i}" for i in range(inputs)] + [f"p{j}" for j in range(classes)])
        for row_x, row_y in zip(x.tolist(), y.tolist()):
            w.writerow([repr(v) for v in row_x] + [repr(v) for v in row_y])


if __name__ == "__main__":
    main()
