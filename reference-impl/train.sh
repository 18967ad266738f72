#!/usr/bin/env bash
# Trains a mini-GPT with the reference's own backward pass (see docs/reference.md, "Training a mini-GPT").
#   reference-impl/train.sh                          the shipped model's settings, on /usr/share/common-licenses,
#                                                    into reference-impl/target/training
#   reference-impl/train.sh --out DIR --steps 200    other settings (every option: --help)
# Run it again with the same options and folder and it resumes from the folder's checkpoint, exactly.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ] && [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
for arg in "$@"; do
  case "$arg" in
    *[[:space:]]*) echo "train.sh: arguments cannot contain spaces: '$arg'" >&2; exit 2 ;;
  esac
done
# -Dexec.executable only satisfies exec:exec in the modules that skip it (the parent, the contract).
./mvnw -B -q -pl reference-impl -am compile exec:exec@train -Dexec.executable=java -Dtrain.args="$*"
