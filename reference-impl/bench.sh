#!/usr/bin/env bash
# The benchmark: the reference against numpy, PyTorch (CPU) and jtokkit in one run; see README.md, "Performance".
#   reference-impl/bench.sh            full run (a few minutes), tables in reference-impl/target/bench/results.md, .csv
#   reference-impl/bench.sh --smoke    tiny shapes, one call each (CI runs this; it installs nothing)
#   reference-impl/bench.sh --rounds 3 more rounds (default 2): each case keeps its best round
#   reference-impl/bench.sh --training-only   only the training comparison (reference vs PyTorch CPU), in
#                                      reference-impl/target/bench/training.md
#   reference-impl/bench.sh --only matmul,gpt [--gpt 8192:256:384:6:6]   only the cases named (of matmul, softmax,
#                                      layernorm, attention, gpt, generate), no tokenizer or training; the
#                                      shape flags (--matmul 256,512, --gpt V:T:d:h:L, ...) narrow it further
#   reference-impl/bench.sh --gpu [--smoke] [--torch reference-impl/gpu/torch_baseline.py] [--out FILE]
#                                      the CUDA backend vs the CPU (and PyTorch on the GPU); without a GPU it prints
#                                      "cuda: unavailable (reason)" and exits 0 (see README, GPU backend)
# It exits non-zero only when our code fails; a missing baseline is reported as "missing" with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."

smoke=0
gpu=0
args=()
for arg in "$@"; do
  case "$arg" in
    --smoke|smoke) smoke=1; args+=("$arg") ;;
    --gpu) gpu=1 ;;
    -h|--help) echo "usage: reference-impl/bench.sh [--smoke] [--rounds N] [--training-only | --only CASES] | --gpu [--smoke] [--torch SCRIPT] [--out FILE]" >&2; exit 2 ;;
    *) args+=("$arg") ;;
  esac
done

if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi

# The baselines: numpy (python3 on the PATH, else Debian's) and Debian's PyTorch, which needs the pthread OpenBLAS
# (without it PyTorch falls back to the reference BLAS and is ~40x slower). A full run installs what is missing when
# it can (root with apt-get); the smoke never installs.
if [ "$gpu" = 1 ]; then
  ./mvnw -B -q -pl reference-impl -am test-compile exec:exec@bench -Dexec.executable=java \
    -Dbench.main=dev.llmf.bench.GpuBench -Dbench.args="${args[*]}"
  exit
fi

if [ "$smoke" = 0 ]; then
  packages=()
  if ! python3 -c 'import numpy' >/dev/null 2>&1 && ! /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1; then
    packages+=(python3-numpy)
  fi
  if ! /usr/bin/python3 -c 'import torch' >/dev/null 2>&1; then
    packages+=(python3-torch libopenblas0-pthread)
  elif command -v dpkg >/dev/null 2>&1 && ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
    packages+=(libopenblas0-pthread)
  fi
  if [ "${#packages[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "installing the baselines: ${packages[*]} (apt-get)" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}") >/dev/null 2>&1 \
        || echo "could not install ${packages[*]}: those baselines will be reported as missing" >&2
    else
      echo "not root or no apt-get: cannot install ${packages[*]}; those baselines will be reported as missing" >&2
    fi
  fi
fi

# -Dexec.executable only satisfies exec:exec in the modules that skip it (the parent, the contract).
./mvnw -B -q -pl reference-impl -am test-compile exec:exec@bench -Dexec.executable=java -Dbench.args="${args[*]}"
