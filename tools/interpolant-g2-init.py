#!/usr/bin/python3
"""Where the official Poly-WGAN g2 generator starts, drawn in PyTorch (issue 8).

    /usr/bin/python3 tools/interpolant-g2-init.py [--seeds 1000] [--init glorot|torch]

The generator of DarthSid95/PolyGANs (arch/arch_RBF/arch_g2.py): 100 → 64 → 32 → 16 → 2, Keras
glorot_uniform kernels U(±√(6 / (fan_in + fan_out))), zero biases in the first two layers and
none in the last two, LeakyReLU with Keras' default slope 0.3, z ~ N(0, I_100), batch 500; the
real batch N((3.5, 3.5), 1.25² I). For each seed the script draws the weights, one batch of each,
and prints over seeds the mean and standard deviation of: W2² between the Gaussians fitted to
the two batches (the official eval_W22), the per-coordinate standard deviation of the fakes and
the norm of their mean. `--init torch` draws PyTorch's default U(±1/√fan_in) with biases instead,
for comparison. The reference numbers of tests/engine/test-interpolant.c
(/interpolant/g2-initial-generator) come from this script. Nothing in Ganscape depends on it.
"""
import argparse
import math
import statistics

import torch


def w22(a, b):
    ma, mb = a.mean(0), b.mean(0)
    ca, cb = torch.cov(a.T), torch.cov(b.T)
    e, v = torch.linalg.eigh(ca)
    sa = v @ torch.diag(e.clamp(min=0).sqrt()) @ v.T
    root = torch.linalg.eigvalsh(sa @ cb @ sa).clamp(min=0).sqrt().sum()
    return float(((ma - mb) ** 2).sum() + ca.trace() + cb.trace() - 2 * root)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=1000)
    ap.add_argument("--init", choices=["glorot", "torch"], default="glorot")
    args = ap.parse_args()
    widths = [100, 64, 32, 16, 2]
    w, sd, mu = [], [], []
    for seed in range(args.seeds):
        g = torch.Generator().manual_seed(seed)
        h = torch.randn(500, 100, generator=g, dtype=torch.float64)
        for layer in range(4):
            fan_in, fan_out = widths[layer], widths[layer + 1]
            bound = (math.sqrt(6 / (fan_in + fan_out)) if args.init == "glorot"
                     else 1 / math.sqrt(fan_in))
            h = h @ ((torch.rand(fan_in, fan_out, generator=g, dtype=torch.float64) * 2 - 1) * bound)
            if args.init == "torch" and layer < 2:
                h = h + (torch.rand(fan_out, generator=g, dtype=torch.float64) * 2 - 1) / math.sqrt(fan_in)
            if layer < 3:
                h = torch.nn.functional.leaky_relu(h, 0.3)
        real = torch.randn(500, 2, generator=g, dtype=torch.float64) * 1.25 + 3.5
        w.append(w22(real, h))
        sd.append(float(h.std(0).mean()))
        mu.append(float(h.mean(0).norm()))
    def line(name, xs):
        print(f"{name:<22} mean {statistics.mean(xs):8.4f}  sd {statistics.stdev(xs):7.4f}  "
              f"min {min(xs):8.4f}  max {max(xs):8.4f}")
    print(f"init {args.init}, {args.seeds} seeds")
    line("W2² at the start", w)
    line("fake sd (per coord.)", sd)
    line("‖fake mean‖", mu)
    near = sum(abs(x - 27.6) < 1.5 for x in w) / len(w)
    print(f"share of seeds with W2² within 27.6 ± 1.5: {near:.2f}")


if __name__ == "__main__":
    main()
