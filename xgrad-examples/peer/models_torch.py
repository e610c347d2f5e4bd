"""The benchmark models of `./xgrad bench` in PyTorch, on the same random input shapes (LeNet-5: 1x28x28; ResNet-18
and VGG-16: 3x32x32, 10 classes): stock Adam and XGrad (Algorithm 1 on torch's Adam).

Prints one line per optimizer: `torch <name> median_ms p10_ms p90_ms`, after `params <count>`. Run by
peer_benchmark.py; needs `apt-get install python3-torch` and /usr/bin/python3. Not part of the build or CI.
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class LeNet5(nn.Module):
    """The same network as xgrad-zoo's LeNet5 for 1x28x28 input: 61,706 parameters."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class BasicBlock(nn.Module):
    """kuangliu/pytorch-cifar models/resnet.py BasicBlock (xgrad-zoo's ResNetCifar follows it)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)) + self.shortcut(x))


class ResNet18(nn.Module):
    """kuangliu's ResNet-18 for CIFAR-10: 11,173,962 parameters, as xgrad-zoo's ResNetCifar.resNet18."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        layers, cin = [], 64
        for cout, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            layers += [BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1)]
            cin = cout
        self.layers = nn.Sequential(*layers)
        self.linear = nn.Linear(512, 10)

    def forward(self, x):
        out = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.linear(torch.flatten(F.avg_pool2d(out, 4), 1))


class Vgg16(nn.Module):
    """kuangliu's VGG('VGG16') for CIFAR-10: 14,728,266 parameters, as xgrad-zoo's Vgg16.cifar10."""

    CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]

    def __init__(self):
        super().__init__()
        layers, cin = [], 3
        for c in self.CFG:
            if c == "M":
                layers.append(nn.MaxPool2d(2, 2))
            else:
                layers += [nn.Conv2d(cin, c, 3, padding=1), nn.BatchNorm2d(c), nn.ReLU(inplace=True)]
                cin = c
        self.features = nn.Sequential(*layers, nn.AvgPool2d(1, 1))
        self.classifier = nn.Linear(512, 10)

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


MODELS = {"lenet5": (LeNet5, (1, 28, 28)), "resnet18": (ResNet18, (3, 32, 32)), "vgg16": (Vgg16, (3, 32, 32))}


def predict_adam(optimizer, steps):
    """θ̂ = θ − γ·s·m̂/(√v̂+ε) from the state left by the previous step (bias corrections of the k steps taken)."""
    for group in optimizer.param_groups:
        beta1, beta2 = group["betas"]
        for p in group["params"]:
            state = optimizer.state.get(p)
            if not state:
                continue
            k = int(state["step"])
            m_hat = state["exp_avg"] / (1 - beta1 ** k)
            v_hat = state["exp_avg_sq"] / (1 - beta2 ** k)
            p.data.addcdiv_(m_hat, v_hat.sqrt_().add_(group["eps"]), value=-group["lr"] * steps)


def measure(model, xgrad, batch, iterations, warmup, seed=1):
    torch.manual_seed(seed)
    cls, shape = MODELS[model]
    net = cls()
    if not xgrad:
        print(f"params {sum(p.numel() for p in net.parameters())}", flush=True)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.rand(batch, *shape)
    y = torch.randint(0, 10, (batch,))
    times = []
    for i in range(warmup + iterations):
        t0 = time.perf_counter()
        if xgrad:
            cache = [p.data.clone() for p in net.parameters()]  # 1. cache θ
            predict_adam(optimizer, 1)                          # 2. θ̂
        optimizer.zero_grad()
        F.cross_entropy(net(x), y).backward()                   # 3. forward + backward at θ̂
        if xgrad:
            for p, c in zip(net.parameters(), cache):           # 4. restore θ
                p.data.copy_(c)
        optimizer.step()                                        # 5. update θ
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1e3)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=sorted(MODELS), default="lenet5")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for name, xgrad in (("Adam", False), ("XGrad-S1", True)):
        t = sorted(measure(args.model, xgrad, args.batch_size, args.iterations, args.warmup))
        q = statistics.quantiles(t, n=10)
        print(f"torch {name} {statistics.median(t):.2f} {q[0]:.2f} {q[-1]:.2f}", flush=True)


if __name__ == "__main__":
    main()
