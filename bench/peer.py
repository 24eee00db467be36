#!/usr/bin/env python3
"""Side-by-side timings: numpy / PyTorch versus embspace on the same workloads, in one run.

Each workload runs in a child process (so its peak memory can be read from wait4), first the
Python peer, then the embspace one (bench's PeerMain on the engine jar), one workload after the
other, so both see the same machine load. Prints a Markdown table of times, GFLOP/s (as the dense
product would count them), peak resident memory and the speed ratio embspace / peer.

Usage: bench/peer.sh [--quick] [--skip-large-dense]   (see bench/README.md)
"""
import argparse
import os
import platform
import subprocess
import sys
import time

# (name, embspace args, peer, shape for the table)
WORKLOADS = [
    ("GEMM C = A B^T", ["gemm", "1536", "384", "30522"], "numpy", "1536 x 384 x 30522"),
    ("GEMM C = A B^T", ["gemm", "3072", "768", "50257"], "numpy", "3072 x 768 x 50257"),
    ("Projection + top-10", ["project", "1536", "384", "30522", "10"], "torch", "1536 vectors, d 384, V 30522"),
    ("Projection + top-10", ["project", "3072", "768", "50257", "10"], "torch", "3072 vectors, d 768, V 50257"),
    ("Head top-100 (dense peer)", ["head", "30522", "32", "100"], "torch", "V 30522, r 32"),
    ("Head top-100 (dense peer)", ["head", "50257", "64", "100"], "torch", "V 50257, r 64"),
    ("Align, six kinds", ["align", "12", "1536", "384", "30522"], "numpy", "12 x 12 layers, d_ff 1536, d 384, V 30522"),
]

LARGE = [["gemm", "3072", "768", "50257"], ["project", "3072", "768", "50257", "10"], ["head", "50257", "64", "100"]]

TIME_BUDGET = 20.0  # seconds of timed runs per peer workload (at least two runs)


def peer_worker(args):
    """Runs one peer workload in this (child) process and prints its best time."""
    import numpy as np
    kind, dims = args[0], [int(x) for x in args[1:]]
    rng = np.random.default_rng(0)

    def gaussian(*shape):
        return rng.standard_normal(shape, dtype=np.float32)

    if kind == "gemm":
        m, k, n = dims
        a, b = gaussian(m, k), gaussian(n, k)
        run = lambda: a @ b.T
    elif kind == "align":
        layers, units, d, v = dims
        rows = [units, units, d, d, d, d]   # ff.key, ff.value, attn.q, attn.k, attn.v, attn.o
        ea, eb = gaussian(v, d), gaussian(v, d)
        xa = [[gaussian(n, d) for _ in range(layers)] for n in rows]
        xb = [[gaussian(n, d) for _ in range(layers)] for n in rows]
        run = lambda: align_numpy(ea, eb, xa, xb)
    else:
        import torch
        torch.set_num_threads(os.cpu_count())
        if kind == "project":
            n, d, v, k = dims
            x, e = torch.from_numpy(gaussian(n, d)), torch.from_numpy(gaussian(v, d))
            run = lambda: torch.topk(x @ e.T, k)
        else:
            v, r, k = dims
            a, b = torch.from_numpy(gaussian(v, r)), torch.from_numpy(gaussian(v, r))
            run = lambda: (a @ b.T).flatten().topk(k)
    first = timed(run)
    best, spent = first, first
    # fast workloads: the first run was the warm-up; slow ones (dense V x V) get one more run
    runs = [] if first < 5 else [first]
    while len(runs) < 2 or (spent < TIME_BUDGET and len(runs) < 5):
        t = timed(run)
        runs.append(t)
        spent += t
    print("seconds=%.6f" % min(runs))


def align_numpy(ea, eb, xa, xb):
    """embspace align in numpy float32: Pearson correlation across the vocabulary through the d x d
    kernels of the centered embeddings, mean |corr| per pair of layers (Hungarian matching left out:
    it is a few microseconds on 12 x 12)."""
    import numpy as np
    ca = ea - ea.mean(0)
    cb = eb - eb.mean(0)
    gaa, gbb, gab = ca.T @ ca, cb.T @ cb, ca.T @ cb
    matrices = []
    for kind_a, kind_b in zip(xa, xb):
        rights = [y / np.sqrt(np.einsum("ij,ij->i", y @ gbb, y))[:, None] for y in kind_b]
        m = np.empty((len(kind_a), len(rights)))
        for i, x in enumerate(kind_a):
            left = (x @ gab) / np.sqrt(np.einsum("ij,ij->i", x @ gaa, x))[:, None]
            for j, r in enumerate(rights):
                m[i, j] = np.abs(left @ r.T).mean()
        matrices.append(m)
    return matrices


def timed(run):
    t0 = time.perf_counter()
    result = run()
    del result
    return time.perf_counter() - t0


def child_with_memory(cmd):
    """Like child(), also reading the child's peak resident set from wait4."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd[:4]), proc.returncode, err.strip()[-500:]))
    seconds = next((float(t.split("=", 1)[1]) for t in out.split() if t.startswith("seconds=")), None)
    if seconds is None:
        raise RuntimeError("no timing in output of %s: %s" % (" ".join(cmd), out))
    return seconds, usage.ru_maxrss / 1024.0


def mem_available_gib():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024.0 / 1024.0
    return 0.0


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    flags = set()
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith(("flags", "Features")):
                flags = set(line.split(":", 1)[1].split())
                break
    simd = "AVX-512" if "avx512f" in flags else ("AVX2" if "avx2" in flags else ("NEON" if "asimd" in flags else "no AVX2"))
    vector = " ".join(f for f in ("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512vl", "avx512_bf16", "asimd", "sve")
                      if f in flags)
    return "%s, %d cores, %s (flags: %s), %.0f GiB RAM, Linux %s" % (
        model, os.cpu_count(), simd, vector, os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30,
        platform.release())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--java", required=True)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--quick", action="store_true", help="only the smaller shape of each workload")
    parser.add_argument("--skip-large-dense", action="store_true",
                        help="skip PyTorch's dense V x V head for V = 50257 (skipped anyway without ~48 GiB free)")
    parser.add_argument("--vector-bits", type=int, nargs="+", metavar="BITS",
                        help="also run embspace at these SIMD widths (-Dembspace.vectorBits: 256 stands in for AVX2,"
                             " 128 for NEON), each in its own column beside the native one")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        peer_worker(args.worker)
        return

    import numpy as np
    import torch
    print("Machine: %s" % machine())
    print("Peers: numpy %s, PyTorch %s (Debian packages), %d threads; Java: %s" % (
        np.__version__, torch.__version__, os.cpu_count(),
        subprocess.run([args.java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]))
    print("Load average at start: %s" % " ".join("%.2f" % x for x in os.getloadavg()))
    print()
    java = [args.java, "--add-modules", "jdk.incubator.vector", "-Xmx8g", "-cp", args.jar, "dev.embspace.bench.PeerMain"]
    widths = args.vector_bits or []
    extra_head = "".join(" | embspace %d-bit time | Speed ratio %d-bit" % (b, b) for b in widths)
    print("| Workload | Shape | Peer | Peer time | Peer GFLOP/s | Peer peak RSS | embspace time | embspace GFLOP/s"
          " | embspace peak RSS | Speed ratio (embspace / peer)%s |" % extra_head)
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|%s" % ("---:|---:|" * len(widths)), flush=True)
    for name, spec, peer, shape in WORKLOADS:
        if args.quick and spec in LARGE:
            continue
        flops = flop_count(spec)
        peer_s, peer_mb, note = None, None, ""
        need = dense_need_gib(spec)
        if spec[0] == "head" and (args.skip_large_dense and spec in LARGE or mem_available_gib() < need):
            note = "skipped: needs ~%.0f GiB, %.0f GiB available" % (need, mem_available_gib())
        else:
            print("running %s %s on %s ..." % (name, shape, peer), file=sys.stderr, flush=True)
            try:
                peer_s, peer_mb = child_with_memory([sys.executable, os.path.abspath(__file__), "--java", args.java,
                                                     "--jar", args.jar, "--worker"] + spec)
            except RuntimeError as e:
                note = "failed: %s" % str(e).splitlines()[-1][:80]
        print("running %s %s on embspace ..." % (name, shape), file=sys.stderr, flush=True)
        ours_s, ours_mb = child_with_memory(java + spec)
        extra = ""
        for bits in widths:
            print("running %s %s on embspace at %d bits ..." % (name, shape, bits), file=sys.stderr, flush=True)
            narrow_s, _ = child_with_memory(java[:1] + ["-Dembspace.vectorBits=%d" % bits] + java[1:] + spec)
            extra += " | %.3f s | %s" % (narrow_s, "n/a" if peer_s is None else "%.2fx" % (peer_s / narrow_s))
        if peer_s is None:
            peer_cells, ratio = "%s | %s | | " % (peer, note), "n/a"
        else:
            peer_cells = "%s | %.3f s | %.1f | %.0f MiB" % (peer, peer_s, flops / peer_s / 1e9, peer_mb)
            ratio = "%.2fx" % (peer_s / ours_s)
        print("| %s | %s | %s | %.3f s | %.1f | %.0f MiB | %s%s |" % (
            name, shape, peer_cells, ours_s, flops / ours_s / 1e9, ours_mb, ratio, extra), flush=True)
    print()
    print("Load average at end: %s" % " ".join("%.2f" % x for x in os.getloadavg()))
    print("GFLOP/s count the dense product (2 M N K); for the head top-k, embspace skips tiles, so its"
          " figure is an effective rate. Times are the best of several runs after a warm-up.")


def dense_need_gib(spec):
    """PyTorch's flatten().topk() on a dense V x V float matrix peaks near five times the matrix."""
    if spec[0] != "head":
        return 0.0
    v = int(spec[1])
    return 5.0 * v * v * 4 / 2**30 + 1.0


def flop_count(spec):
    d = [int(x) for x in spec[1:]]
    if spec[0] == "gemm":
        return 2.0 * d[0] * d[1] * d[2]
    if spec[0] == "project":
        return 2.0 * d[0] * d[1] * d[2]
    if spec[0] == "align":
        layers, units, width, v = d
        return 3 * 2.0 * v * width * width + 2.0 * layers * layers * width * (2.0 * units * units + 4.0 * width * width)
    return 2.0 * d[0] * d[0] * d[1]


if __name__ == "__main__":
    main()
