"""Side-by-side benchmark: one model (LeNet-5 at batch 128 by default; ResNet-18, VGG-16), Adam and XGrad-S1, PyTorch
vs DL4J's fast CPU path (./xgrad bench), interleaved in one sitting (torch, DL4J, torch, DL4J, ...), each a fresh
process with its own warm-up.

    /usr/bin/python3 xgrad-examples/peer/peer_benchmark.py [--model lenet5] [--rounds 3] [--threads 1]
    /usr/bin/python3 xgrad-examples/peer/peer_benchmark.py --model resnet18 --rounds 2 --iterations 4 --warmup 2

Both sides run with the same number of threads (OMP_NUM_THREADS for DL4J, torch.set_num_threads for PyTorch).
Prints per round and over all rounds the median ms/iteration of each, the DL4J/PyTorch ratio and each side's
XGrad/Adam overhead. Needs `apt-get install python3-torch`; not part of the build or CI.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def torch_round(args):
    out = subprocess.run([sys.executable, str(HERE / "models_torch.py"), "--model", args.model,
                          "--batch-size", str(args.batch_size),
                          "--iterations", str(args.iterations), "--warmup", str(args.warmup),
                          "--threads", str(args.threads)], check=True, capture_output=True, text=True).stdout
    return {line.split()[1]: float(line.split()[2]) for line in out.splitlines() if line.startswith("torch ")}


def dl4j_round(args):
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    out = subprocess.run([str(ROOT / "xgrad"), "bench", "--models", args.model, "--batch-size", str(args.batch_size),
                          "--rounds", "1", "--iterations", str(args.iterations), "--warmup", str(args.warmup)],
                         check=True, capture_output=True, text=True, env=env).stdout
    medians = {}
    for line in out.splitlines():
        m = re.match(r"\| (Adam \(stock DL4J\)|XGrad-S1 listener|XGrad-S1 updater-only) \| ([0-9.]+) \|", line)
        if m:
            medians[{"Adam (stock DL4J)": "Adam", "XGrad-S1 listener": "XGrad-S1",
                     "XGrad-S1 updater-only": "XGrad-S1 updater-only"}[m.group(1)]] = float(m.group(2))
        if line.startswith("ND4J binary"):
            medians["binary"] = line
    return medians


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", choices=["lenet5", "resnet18", "vgg16"], default="lenet5")
    parser.add_argument("--batch-size", type=int, help="default: 128 for lenet5, 32 otherwise (as ./xgrad bench)")
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    if args.batch_size is None:
        args.batch_size = 128 if args.model == "lenet5" else 32
    rows = []
    print(f"{args.model}, batch {args.batch_size}, {args.threads} thread(s), {args.rounds} interleaved rounds of "
          f"{args.iterations} timed iterations after {args.warmup} warm-up; median ms/iteration")
    print("| round | PyTorch Adam | PyTorch XGrad-S1 | DL4J Adam | DL4J XGrad-S1 (listener) | DL4J XGrad-S1 "
          "(updater-only) | DL4J/PyTorch Adam | DL4J/PyTorch XGrad-S1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    binary = None
    for r in range(1, args.rounds + 1):
        t = torch_round(args)
        d = dl4j_round(args)
        binary = d.pop("binary", binary)
        rows.append((t, d))
        print(f"| {r} | {t['Adam']:.2f} | {t['XGrad-S1']:.2f} | {d['Adam']:.2f} | {d['XGrad-S1']:.2f} | "
              f"{d['XGrad-S1 updater-only']:.2f} | {d['Adam'] / t['Adam']:.2f} | {d['XGrad-S1'] / t['XGrad-S1']:.2f} |",
              flush=True)
    med = lambda side, key: statistics.median(row[side][key] for row in rows)
    print(f"| median | {med(0, 'Adam'):.2f} | {med(0, 'XGrad-S1'):.2f} | {med(1, 'Adam'):.2f} | "
          f"{med(1, 'XGrad-S1'):.2f} | {med(1, 'XGrad-S1 updater-only'):.2f} | {med(1, 'Adam') / med(0, 'Adam'):.2f} | "
          f"{med(1, 'XGrad-S1') / med(0, 'XGrad-S1'):.2f} |")
    print(f"XGrad-S1 / Adam time: PyTorch {med(0, 'XGrad-S1') / med(0, 'Adam'):.3f}, DL4J listener "
          f"{med(1, 'XGrad-S1') / med(1, 'Adam'):.3f}, DL4J updater-only "
          f"{med(1, 'XGrad-S1 updater-only') / med(1, 'Adam'):.3f}")
    if binary:
        print(binary)


if __name__ == "__main__":
    main()
