#!/usr/bin/env bash
# The CUDA backend's checks on a GPU machine that has no Java and no Maven (see README, "GPU backend").
#
#   reference-impl/gpu/run-on-gpu.sh prepare   on a build machine (JDK 25): builds the kit in reference-impl/target/gpu-kit
#                                              — a jlink runtime, the jars, the compiled tests, the JUnit console
#                                              launcher — and checks it is under the 64 MiB that may travel
#   reference-impl/gpu/run-on-gpu.sh run [parity] [suite] [bench]
#                                              on the GPU machine, from the repository root, with the kit carried there
#                                              (all three steps when none is named; each has its own time limit, so
#                                              they fit one 10-minute call together or can be run one per call):
#                                              probe: is CUDA usable (else: say why, exit 3, nothing else runs)
#                                              parity: CudaParityTest, CudaFastModeParityTest, EmulatedDeviceTest
#                                              suite: the whole reference test suite with -Dllmf.backend=cuda
#                                              bench: the benchmark, with PyTorch eager side by side
#                                              Logs and reports go to $OUT (default reference-impl/target/gpu-out).
#                                              Time limits (s): PARITY_TIMEOUT=240 SUITE_TIMEOUT=150 BENCH_TIMEOUT=170.
#                                              DRY_RUN=1: go on past a failed probe (tests this script without a GPU).
# Exit: 0 all passed; 1 a test failed; 2 usage or a missing kit; 3 no usable CUDA device (parity NOT run).
set -uo pipefail
cd "$(dirname "$0")/../.."
KIT=reference-impl/target/gpu-kit
LIMIT_MIB=64

prepare() {
  set -e
  if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  fi
  export PATH="$JAVA_HOME/bin:$PATH"
  rm -rf "$KIT"
  mkdir -p "$KIT/lib"
  # the jars, the compiled tests and benchmark (src/bench compiles with the tests), and jtokkit (a test dependency)
  ./mvnw -B -q -pl reference-impl -am package -DskipTests
  cp src/target/llmf-contract-*.jar reference-impl/target/llmf-reference-*.jar "$KIT/lib/"
  rm -f "$KIT"/lib/*-sources.jar "$KIT"/lib/*-javadoc.jar
  cp -r reference-impl/target/test-classes "$KIT/test-classes"
  ./mvnw -B -q -pl reference-impl dependency:copy-dependencies -DincludeScope=test -DincludeArtifactIds=jtokkit \
    -DoutputDirectory="$PWD/$KIT/lib"
  # JUnit without Maven: the console launcher (the platform version that goes with the project's JUnit)
  local platform
  platform=$(sed -n 's:.*<junit.version>5\.\([0-9.]*\)</junit.version>.*:1.\1:p' pom.xml)
  ./mvnw -B -q dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$platform" \
    -DoutputDirectory="$PWD/$KIT/launcher"
  # a runtime with just the modules the code needs (jdeps), like the 44 MiB one the GPU machine's README measured
  local modules
  modules=$(jdeps --print-module-deps --ignore-missing-deps --multi-release 25 --add-modules jdk.incubator.vector \
    --class-path "$KIT/lib/*:$KIT/launcher/*" "$KIT"/lib/*.jar "$KIT"/launcher/*.jar "$KIT/test-classes")
  modules="$modules,jdk.incubator.vector"
  echo "jlink modules: $modules"
  jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=zip-9 --output "$KIT/jre"
  local mib
  mib=$(( $(du -sb "$KIT" | cut -f1) / 1048576 ))
  echo "kit: $KIT, $mib MiB (limit $LIMIT_MIB MiB)"
  du -sh "$KIT"/* | sed 's/^/  /'
  if [ "$mib" -ge "$LIMIT_MIB" ]; then
    echo "the kit is over $LIMIT_MIB MiB: it cannot travel to the GPU machine" >&2
    exit 1
  fi
}

run() {
  local steps="${*:-parity suite bench}"
  local out="${OUT:-reference-impl/target/gpu-out}"
  mkdir -p "$out"
  local java="$KIT/jre/bin/java"
  if [ ! -x "$java" ]; then
    echo "no kit at $KIT: run 'reference-impl/gpu/run-on-gpu.sh prepare' on a build machine and carry $KIT" >&2
    exit 2
  fi
  # the toolkit's libraries (NVRTC needs its builtins library beside it, cuBLAS needs cuBLASLt)
  export LD_LIBRARY_PATH="/usr/local/cuda/targets/x86_64-linux/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  local cp="$KIT/test-classes:$(ls "$KIT"/lib/*.jar | tr '\n' ':')"
  local jvm=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx48g)
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi --query-gpu=name,driver_version,memory.used,memory.total --format=csv 2>&1 | tee "$out/nvidia-smi.log"
  else
    echo "no nvidia-smi on the PATH" | tee "$out/nvidia-smi.log"
  fi

  echo "== probe"
  "$java" "${jvm[@]}" -cp "$cp" dev.llmf.bench.GpuBench --probe 2>&1 | tee "$out/probe.log"
  # DRY_RUN=1 goes on without a device, to test this script on a CPU machine (the parity cases skip: it FAILS)
  if [ "${PIPESTATUS[0]}" != 0 ] && [ "${DRY_RUN:-0}" != 1 ]; then
    echo "no usable CUDA device (see $out/probe.log): the parity suite and the benchmark did NOT run" | tee -a "$out/summary.log"
    exit 3
  fi

  local launcher
  launcher=$(ls "$KIT"/launcher/junit-platform-console-standalone-*.jar)
  local status=0
  if [[ " $steps " == *" parity "* ]]; then
  echo "== parity suite"
  timeout "${PARITY_TIMEOUT:-240}" "$java" "${jvm[@]}" -jar "$launcher" execute --disable-banner --disable-ansi-colors --details=tree --class-path "$cp" \
    --select-class dev.llmf.reference.backend.cuda.CudaParityTest \
    --select-class dev.llmf.reference.backend.cuda.CudaFastModeParityTest \
    --select-class dev.llmf.reference.backend.cuda.EmulatedDeviceTest \
    --reports-dir "$out/parity-reports" > "$out/parity.log" 2>&1 || status=1
  tail -n 15 "$out/parity.log"
  # a skipped (aborted) parity case means the GPU was not used: that is no pass
  if ! grep -qE '^\[ +0 tests aborted +\]' "$out/parity.log"; then
    echo "parity cases were skipped: see the reasons in $out/parity.log"; status=1
  fi
  fi

  if [[ " $steps " == *" suite "* ]]; then
  echo "== the whole reference suite on the CUDA backend (-Dllmf.backend=cuda)"
  timeout "${SUITE_TIMEOUT:-150}" "$java" "${jvm[@]}" -Dllmf.backend=cuda -jar "$launcher" execute --disable-banner --disable-ansi-colors --details=tree \
    --class-path "$cp" --select-package dev.llmf.reference --exclude-classname '.*ParityTest' \
    --reports-dir "$out/suite-reports" \
    > "$out/suite-on-cuda.log" 2>&1 || status=1
  tail -n 15 "$out/suite-on-cuda.log"
  if ! grep -F 'the whole reference suite runs on the CUDA backend' "$out/suite-on-cuda.log" | grep -q '✔'; then
    echo "the suite did not run on the CUDA backend (CudaSuiteRunTest did not pass): see $out/suite-on-cuda.log"
    status=1
  fi
  fi

  if [[ " $steps " == *" bench "* ]]; then
  echo "== benchmark (CUDA backend vs CPU backend vs PyTorch eager)"
  timeout "${BENCH_TIMEOUT:-170}" "$java" "${jvm[@]}" -cp "$cp" dev.llmf.bench.GpuBench --torch reference-impl/gpu/torch_baseline.py \
    --out "$out/gpu-bench.md" > "$out/bench.log" 2>&1 || status=1
  cat "$out/gpu-bench.md" 2>/dev/null || tail -n 20 "$out/bench.log"
  fi

  echo "$steps: $([ "$status" = 0 ] && echo passed || echo FAILED, see $out)" | tee -a "$out/summary.log"
  exit "$status"
}

case "${1:-}" in
  prepare) prepare ;;
  run) shift; run "$@" ;;
  *) echo "usage: reference-impl/gpu/run-on-gpu.sh prepare | run [parity] [suite] [bench]" >&2; exit 2 ;;
esac
