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
. scripts/jdk25.sh
llmf_find_jdk25     # sets JAVA
./mvnw -B -q -pl reference-impl -am compile
# Run outside Maven, so that a wrong option ends in the command's own one-line message, not a Maven failure report.
# The reference needs nothing but the contract.
exec "$JAVA" --add-modules jdk.incubator.vector -classpath src/target/classes:reference-impl/target/classes \
  dev.llmf.reference.training.TrainCommand "$@"
