package dev.llmf.grader.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The generated seccomp program, run by a small classic-BPF interpreter (the kernel's semantics for the five
 * instructions it uses) on the calls the sandbox must stop and on ones it must let through, for both architectures.
 * {@code SeccompSandboxTest} then shows the kernel doing the same.
 */
class SeccompFilterTest {

    private static final int KILL = 0x80000000;
    private static final int ALLOW = 0x7FFF0000;
    private static final int ENOSYS = 0x00050000 | 38;
    private static final int AUDIT_ARCH_I386 = 0x40000003;

    /** What the issue asks to deny at least, plus the other obviously dangerous calls. */
    private static final List<String> MUST_KILL = List.of("ptrace", "mount", "umount2", "unshare", "setns", "bpf",
            "perf_event_open", "keyctl", "add_key", "request_key", "userfaultfd", "io_uring_setup", "io_uring_enter",
            "io_uring_register", "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
            "pivot_root", "chroot", "swapon", "swapoff", "reboot", "settimeofday", "clock_settime",
            "process_vm_readv", "process_vm_writev", "open_by_handle_at", "fsopen", "fsmount", "move_mount");

    /** Calls every JVM makes, by number (the kernel's tables). */
    private static final Map<SyscallTable, Map<String, Integer>> ORDINARY = Map.of(
            SyscallTable.X86_64, Map.of("read", 0, "write", 1, "mmap", 9, "getpid", 39, "futex", 202, "execve", 59),
            SyscallTable.AARCH64, Map.of("read", 63, "write", 64, "mmap", 222, "getpid", 172, "futex", 98,
                    "execve", 221));

    private static final int CLONE_NEWUSER = 0x10000000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int CLONE_NEWNS = 0x00020000;
    private static final int THREAD_FLAGS = 0x003D0F00;   // what glibc passes to clone for a pthread
    private static final int SIGCHLD = 17;

    @ParameterizedTest
    @EnumSource(SyscallTable.class)
    void everyDangerousCallKillsTheProcess(SyscallTable table) {
        byte[] program = SeccompFilter.program(table);
        for (String name : MUST_KILL) {
            int nr = table.number(name).orElseThrow(() -> new AssertionError(table + " lacks " + name));
            assertEquals(KILL, run(program, table.auditArch, nr, 0), name);
        }
        for (String name : SeccompFilter.DENIED) {
            table.number(name).ifPresent(nr -> assertEquals(KILL, run(program, table.auditArch, nr, 0), name));
        }
    }

    @ParameterizedTest
    @EnumSource(SyscallTable.class)
    void ordinaryCallsAreAllowed(SyscallTable table) {
        byte[] program = SeccompFilter.program(table);
        ORDINARY.get(table).forEach((name, nr) -> assertEquals(ALLOW, run(program, table.auditArch, nr, 0), name));
    }

    @ParameterizedTest
    @EnumSource(SyscallTable.class)
    void cloneMayNotAskForNamespacesAndClone3IsAbsent(SyscallTable table) {
        byte[] program = SeccompFilter.program(table);
        int clone = table.number("clone").orElseThrow();
        assertEquals(ALLOW, run(program, table.auditArch, clone, THREAD_FLAGS));
        assertEquals(ALLOW, run(program, table.auditArch, clone, SIGCHLD));
        for (int ns : new int[] {CLONE_NEWUSER, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWUSER | SIGCHLD}) {
            assertEquals(KILL, run(program, table.auditArch, clone, ns), Integer.toHexString(ns));
        }
        assertEquals(ENOSYS, run(program, table.auditArch, table.number("clone3").orElseThrow(), 0));
    }

    @ParameterizedTest
    @EnumSource(SyscallTable.class)
    void personalityOnlyQueriesOrSetsLinux(SyscallTable table) {
        byte[] program = SeccompFilter.program(table);
        int personality = table.number("personality").orElseThrow();
        assertEquals(ALLOW, run(program, table.auditArch, personality, 0));
        assertEquals(ALLOW, run(program, table.auditArch, personality, 0xFFFFFFFF));
        assertEquals(KILL, run(program, table.auditArch, personality, 0x0040000));   // ADDR_NO_RANDOMIZE
        assertEquals(KILL, run(program, table.auditArch, personality, 0x0400000));   // READ_IMPLIES_EXEC
    }

    @ParameterizedTest
    @EnumSource(SyscallTable.class)
    void anotherAbiIsKilled(SyscallTable table) {
        byte[] program = SeccompFilter.program(table);
        assertEquals(KILL, run(program, AUDIT_ARCH_I386, 20, 0));   // getpid through int 0x80
        if (table == SyscallTable.X86_64) {
            assertEquals(KILL, run(program, table.auditArch, 0x40000000 | 39, 0));   // x32 getpid
        }
    }

    @Test
    void theProgramIsWellFormed() {
        for (SyscallTable table : SyscallTable.values()) {
            byte[] program = SeccompFilter.program(table);
            assertEquals(0, program.length % 8);
            assertTrue(program.length / 8 < 4096, "the kernel's limit is 4096 instructions");
        }
        SeccompFilter.DENIED.forEach(name -> assertTrue(SyscallTable.X86_64.number(name).isPresent(), name));
        assertEquals(SyscallTable.X86_64, SyscallTable.forArch("amd64").orElseThrow());
        assertEquals(SyscallTable.AARCH64, SyscallTable.forArch("aarch64").orElseThrow());
        assertTrue(SyscallTable.forArch("riscv64").isEmpty());
    }

    /**
     * Runs a classic BPF program on a {@code struct seccomp_data} {nr, arch, ip, args[6]} and returns its verdict.
     * Only the instructions a seccomp filter of ours may use are known; anything else fails the test.
     */
    static int run(byte[] program, int arch, int nr, int arg0) {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(0, nr).putInt(4, arch).putLong(8, 0x400000L).putLong(16, arg0 & 0xFFFFFFFFL);
        ByteBuffer code = ByteBuffer.wrap(program).order(ByteOrder.LITTLE_ENDIAN);
        int a = 0;
        int pc = 0;
        for (int steps = 0; steps < 10_000; steps++) {
            int base = pc * 8;
            if (base + 8 > program.length) {
                fail("ran off the end of the program at " + pc);
            }
            int op = code.getShort(base) & 0xFFFF;
            int jt = code.get(base + 2) & 0xFF;
            int jf = code.get(base + 3) & 0xFF;
            int k = code.getInt(base + 4);
            switch (op) {
                case 0x20 -> {   // BPF_LD | BPF_W | BPF_ABS
                    assertTrue(k >= 0 && k <= 60 && k % 4 == 0, "load at " + k);
                    a = data.getInt(k);
                    pc++;
                }
                case 0x15 -> pc += 1 + (a == k ? jt : jf);                                      // JEQ K
                case 0x35 -> pc += 1 + (Integer.compareUnsigned(a, k) >= 0 ? jt : jf);          // JGE K
                case 0x45 -> pc += 1 + ((a & k) != 0 ? jt : jf);                                // JSET K
                case 0x06 -> {                                                                  // RET K
                    return k;
                }
                default -> fail("unexpected BPF instruction 0x" + Integer.toHexString(op) + " at " + pc);
            }
        }
        return fail("the program does not end");
    }
}
