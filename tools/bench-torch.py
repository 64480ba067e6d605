#!/usr/bin/python3
"""The PyTorch yardstick for `ganscape-cli bench`: the same workloads, the same output.

    /usr/bin/python3 tools/bench-torch.py NAME [--threads N] [--repeat R] [--iterations N]
                                               [--size N] [--data DIR]

Workloads (defined in docs/PERFORMANCE.md, implemented in C in app/bench/): gemm, gan2d,
gan2d-gp, gan2d-memory, landscape, at-epoch, rbf-sum, rbf-sum-784; and rbf-product-784, here only:
the matrix product inside rbf-sum-784, the floor under any exact sum at n = 784.
The last line printed is `NAME <median> <unit>`.
A yardstick only: nothing in Ganscape depends on PyTorch.
"""
import argparse
import gzip
import math
import os
import statistics
import struct
import sys
import time

# Thread counts must be fixed before the libraries load: torch.set_num_threads() sets only
# PyTorch's own (OpenMP) threads, while its matrix products run in OpenBLAS (BLAS_INFO=generic on
# Debian), whose pool otherwise takes every core. Ganscape's --threads sets OpenBLAS's.
def _early_option(name):
    for i, a in enumerate(sys.argv):
        if a == name and i + 1 < len(sys.argv):
            return int(sys.argv[i + 1])
        if a.startswith(name + "="):
            return int(a.split("=", 1)[1])
    return 0


_THREADS = _early_option("--threads") or os.cpu_count()
_BLAS_THREADS = _early_option("--blas-threads") or _THREADS
os.environ["OPENBLAS_NUM_THREADS"] = str(_BLAS_THREADS)
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(_THREADS)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

BATCH = 256


def fmt(v):
    return f"{v:.1f}" if v >= 100 else f"{v:.4g}"


def mlp(widths):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(nn.LeakyReLU(0.2))
    return nn.Sequential(*layers)


# --- gemm ---------------------------------------------------------------------------------------

def time_mm(n, runs):
    a, b = torch.rand(n, n) * 2 - 1, torch.rand(n, n) * 2 - 1
    torch.mm(a, b)
    t = []
    for _ in range(runs):
        t0 = time.perf_counter()
        torch.mm(a, b)
        t.append(time.perf_counter() - t0)
    return t


def bench_gemm(args):
    print("# size  torch.mm GFLOP/s")
    for n in (256, 512, 1024, 2048):
        t = time_mm(n, 20 * args.repeat if n <= 512 else args.repeat)
        print(f"{n:6d}  {2.0 * n ** 3 / statistics.median(t) * 1e-9:16.1f}")
    print(f"# summary: torch.mm at size {args.size}")
    return [2.0 * args.size ** 3 / x * 1e-9 for x in time_mm(args.size, args.repeat)]


# --- the 2-D GAN ---------------------------------------------------------------------------------

class Gan2d:
    def __init__(self, wgan_gp, seed=7):
        torch.manual_seed(seed)
        self.wgan_gp = wgan_gp
        self.G = mlp([2, 64, 64, 2])
        self.D = mlp([2, 64, 64, 1])
        self.gopt = torch.optim.Adam(self.G.parameters(), lr=1e-3, betas=(0.5, 0.999))
        self.dopt = torch.optim.Adam(self.D.parameters(), lr=1e-3, betas=(0.5, 0.999))
        angles = torch.arange(8) * (2 * math.pi / 8)
        self.centres = torch.stack([2 * torch.cos(angles), 2 * torch.sin(angles)], 1)

    def real_batch(self):
        k = torch.randint(0, 8, (BATCH,))
        return self.centres[k] + 0.02 * torch.randn(BATCH, 2)

    def iteration(self):
        G, D = self.G, self.D
        x = self.real_batch()
        with torch.no_grad():
            fake = G(torch.randn(BATCH, 2))
        d_real, d_fake = D(x), D(fake)
        if not self.wgan_gp:
            d_loss = F.softplus(-d_real).mean() + F.softplus(d_fake).mean()
        else:
            a = torch.rand(BATCH, 1)
            xhat = (a * x + (1 - a) * fake).requires_grad_(True)
            gx, = torch.autograd.grad(D(xhat).sum(), xhat, create_graph=True)
            gp = (gx.square().sum(-1).sqrt() - 1).square().mean()
            d_loss = d_fake.mean() - d_real.mean() + 10 * gp
        grads = torch.autograd.grad(d_loss, list(D.parameters()))
        for p, g in zip(D.parameters(), grads):
            p.grad = g
        self.dopt.step()

        d_gen = D(G(torch.randn(BATCH, 2)))
        g_loss = -d_gen.mean() if self.wgan_gp else F.softplus(-d_gen).mean()
        grads = torch.autograd.grad(g_loss, list(G.parameters()))
        for p, g in zip(G.parameters(), grads):
            p.grad = g
        self.gopt.step()


def bench_gan(args, wgan_gp):
    iters = args.iterations or 500
    gan = Gan2d(wgan_gp)
    for _ in range(50):
        gan.iteration()
    samples = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _ in range(iters):
            gan.iteration()
        samples.append(iters / (time.perf_counter() - t0))
    with torch.no_grad():
        print(f"# {iters} iterations per run; D(real) mean {gan.D(gan.real_batch()).mean():.4f}")
    return samples


def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def bench_gan_memory(args):
    iters = args.iterations or 1000000
    every, warm = max(iters // 20, 1), min(1000, iters // 10)
    samples = []
    for r in range(args.repeat):
        gan = Gan2d(False, seed=7 + r)
        base = peak = 0
        print("# iteration    RSS KiB")
        for i in range(1, iters + 1):
            gan.iteration()
            if i == warm:
                base = peak = rss_kib()
            if i > warm and i % 64 == 0:
                peak = max(peak, rss_kib())
            if i % every == 0 or i == iters:
                print(f"{i:11d} {rss_kib():10d}")
        samples.append(peak - base)
    return samples


def bench_landscape(args):
    R = 256
    gan = Gan2d(False)
    ticks = torch.linspace(-3, 3, R)
    yy, xx = torch.meshgrid(ticks, ticks, indexing="ij")
    points = torch.stack([xx.reshape(-1), yy.reshape(-1)], 1)
    per_run, samples = 20, []
    with torch.no_grad():
        for r in range(-1, args.repeat):
            t0 = time.perf_counter()
            for _ in range(per_run):
                out = gan.D(points).numpy()
            if r >= 0:
                samples.append(per_run / (time.perf_counter() - t0))
    print(f"# {per_run} grid evaluations (65,536 points each) per run")
    return samples


# --- adversarial training ------------------------------------------------------------------------

def load_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def bench_at_epoch(args):
    N, B, EPS, STEPS = 10000, 128, 0.1, 10
    alpha = EPS / 4
    x_all = torch.from_numpy(load_idx(os.path.join(args.data, "train-images-idx3-ubyte.gz"))[:N]
                             .reshape(N, 784).astype(np.float32) / 255)
    y_all = torch.from_numpy(load_idx(os.path.join(args.data, "train-labels-idx1-ubyte.gz"))[:N]
                             .astype(np.int64))
    torch.manual_seed(5)
    net = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                        nn.Linear(256, 10))
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)

    def epoch():
        perm = torch.randperm(N)
        total = 0.0
        for start in range(0, N, B):
            idx = perm[start:start + B]
            x, y = x_all[idx], y_all[idx]
            delta = torch.empty_like(x).uniform_(-EPS, EPS)
            for _ in range(STEPS):
                delta.requires_grad_(True)
                loss = F.cross_entropy(net(torch.clamp(x + delta, 0, 1)), y)
                g, = torch.autograd.grad(loss, delta)
                delta = torch.clamp(delta.detach() + alpha * g.sign(), -EPS, EPS)
            loss = F.cross_entropy(net(torch.clamp(x + delta, 0, 1)), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        return total / N

    loss = epoch()
    samples = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        loss = epoch()
        samples.append(N / (time.perf_counter() - t0))
    print(f"# {args.repeat} epochs after a warm-up one; mean adversarial loss of the last {loss:.4f}")
    return samples


# --- fused kernel sums (interpolant critics) ----------------------------------------------------

def _rbf_sum(x, c, w, phi):
    # the straightforward way: all distances, the kernel elementwise, a matrix-vector product
    return phi(torch.cdist(x, c)) @ w


def _rbf_bench(args, x, c, w, phi):
    samples = []
    with torch.no_grad():
        for r in range(-1, args.repeat):
            t0 = time.perf_counter()
            float(_rbf_sum(x, c, w, phi)[0])
            if r >= 0:
                samples.append((time.perf_counter() - t0) * 1e3)
    return samples


def _poly_weights(m):
    return torch.cat([torch.full((m // 2,), -2.0 / m), torch.full((m - m // 2,), 2.0 / m)])


def bench_rbf_sum(args):
    # 8,192 thin-plate centres (r² log r, 0 at r = 0) on a 256×256 grid of [-1, 1]², n = 2
    torch.manual_seed(8)
    ticks = torch.linspace(-1, 1, 256)
    yy, xx = torch.meshgrid(ticks, ticks, indexing="ij")
    x = torch.stack([xx.reshape(-1), yy.reshape(-1)], 1)
    c = torch.rand(8192, 2) * 2 - 1
    tps = lambda r: torch.where(r > 0, r * r * torch.log(r), torch.zeros_like(r))  # noqa: E731
    print("# 65536 points × 8192 centres, n = 2, ms per sum")
    return _rbf_bench(args, x, c, _poly_weights(8192), tps)


def bench_rbf_sum_784(args):
    # 10,000 log-kernel centres × 10,000 points in [0, 1]^784, self terms excluded
    torch.manual_seed(8)
    x, c = torch.rand(10000, 784), torch.rand(10000, 784)
    logk = lambda r: torch.where(r > 0, torch.log(r), torch.zeros_like(r))  # noqa: E731
    print("# 10000 points × 10000 centres, n = 784, ms per sum")
    return _rbf_bench(args, x, c, _poly_weights(10000), logk)


def bench_rbf_product_784(args):
    # only the 157 GFLOP product x·cᵀ that any exact sum at n = 784 has to compute: the floor
    # under both rbf-sum-784 implementations on this machine
    torch.manual_seed(8)
    x, c = torch.rand(10000, 784), torch.rand(10000, 784)
    out = torch.empty(10000, 10000)
    samples = []
    with torch.no_grad():
        for r in range(-1, args.repeat):
            t0 = time.perf_counter()
            torch.mm(x, c.t(), out=out)
            if r >= 0:
                samples.append((time.perf_counter() - t0) * 1e3)
    print("# x (10000, 784) · cᵀ (784, 10000) alone, ms (%.0f GFLOP/s at the median)"
          % (2 * 1e8 * 784 / statistics.median(samples) / 1e6))
    return samples


WORKLOADS = {
    "gemm": ("GFLOP/s", bench_gemm),
    "gan2d": ("it/s", lambda a: bench_gan(a, False)),
    "gan2d-gp": ("it/s", lambda a: bench_gan(a, True)),
    "gan2d-memory": ("KiB", bench_gan_memory),
    "landscape": ("evals/s", bench_landscape),
    "at-epoch": ("samples/s", bench_at_epoch),
    "rbf-sum": ("ms", bench_rbf_sum),
    "rbf-sum-784": ("ms", bench_rbf_sum_784),
    "rbf-product-784": ("ms", bench_rbf_product_784),
}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("name", choices=sorted(WORKLOADS))
    p.add_argument("--threads", type=int, default=0, help="0 = all cores")
    p.add_argument("--blas-threads", type=int, default=0,
                   help="OpenBLAS threads when they should differ from --threads")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--iterations", type=int, default=0)
    p.add_argument("--size", type=int, default=1024)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = p.parse_args()
    threads = args.threads or os.cpu_count()
    torch.set_num_threads(threads)
    unit, run = WORKLOADS[args.name]
    print(f"# {args.name} on PyTorch {torch.__version__} CPU, {threads} thread"
          f"{'' if threads == 1 else 's'} ({_BLAS_THREADS} in OpenBLAS), {args.repeat} timed run"
          f"{'' if args.repeat == 1 else 's'}")
    samples = run(args)
    print(f"{args.name} {fmt(statistics.median(samples))} {unit}")


if __name__ == "__main__":
    main()
