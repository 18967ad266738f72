/**
 * Runs learner code out of the grader's reach.
 *
 * <p>Layers, outermost first (see {@code shared/design/sandbox.md} for the lessons behind them):
 * <ol>
 *   <li>{@link dev.llmf.grader.sandbox.BubblewrapSandbox}: every child JVM runs in {@code bwrap} with all namespaces
 *       (no network, own PIDs, no view of the grader's files: only the JDK, its libraries and the class path
 *       mounted, read-only, tmpfs {@code /tmp}, empty environment, no host path visible:
 *       {@link dev.llmf.grader.sandbox.SandboxMounts}, {@link dev.llmf.grader.sandbox.BwrapCommand}), under a
 *       {@link dev.llmf.grader.sandbox.SeccompFilter}, and in a fresh cgroup, v1 or v2
 *       ({@link dev.llmf.grader.sandbox.CgroupHost}), that caps it and lets the grader kill everything it
 *       started.</li>
 *   <li>The child JVM's own caps: heap, stack, metaspace, direct memory, exit on OutOfMemoryError, no attach, no
 *       native access ({@link dev.llmf.grader.sandbox.JvmSandbox#jvmOptions}).</li>
 *   <li>Time: each call has a wall-clock limit; past it the child is killed, the next call gets a fresh one.</li>
 *   <li>The pipe ({@link dev.llmf.grader.sandbox.Wire}): length-prefixed frames with size caps and schema checks, no
 *       Java serialization; responses must answer the request in progress. The grader computes every verdict.</li>
 * </ol>
 * {@link dev.llmf.grader.sandbox.ProcessSandbox} keeps only layers 2–4: UNSAFE, for development machines.
 * {@link dev.llmf.grader.sandbox.Sandboxes#create} picks one from the configuration.
 *
 * <p>{@link dev.llmf.grader.sandbox.SandboxChild} and {@link dev.llmf.grader.sandbox.Wire} also run inside the child,
 * where only the JDK and the contract exist: they must not use any other class of the grader.
 */
package dev.llmf.grader.sandbox;
