package dev.llmf.grader.sandbox;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.OptionalInt;

/**
 * The system-call filter every sandboxed process runs under: a classic BPF program for seccomp (mode 2), generated
 * here (no native library needed) and loaded by {@code bwrap --seccomp FD} just before it starts the JVM. Children
 * inherit it and cannot remove it.
 *
 * <p>A process that makes a forbidden call is killed at once with {@code SIGSYS} (the whole process, not only the
 * thread): the JVM never makes these calls, and learner code has no native access, so only an attack would. The
 * filter kills
 * <ul>
 *   <li>every call in {@link #DENIED}: tracing and reading other processes, mounting, new namespaces, BPF, perf,
 *       the kernel keyring, userfaultfd, io_uring, kexec, kernel modules, swap, reboot, setting the clock, process
 *       accounting, quotas, the kernel log, file handles (the "shocker" escape), host and domain names, I/O ports;</li>
 *   <li>{@code clone} with any namespace flag (the other way to {@code unshare});</li>
 *   <li>{@code personality} with anything but {@code PER_LINUX} (0) or the query (0xffffffff): no
 *       {@code ADDR_NO_RANDOMIZE}, {@code READ_IMPLIES_EXEC}, …;</li>
 *   <li>every call through another ABI: a foreign {@code seccomp_data.arch} (i386 {@code int 0x80} on x86-64), and
 *       the x32 numbers (bit 30) on x86-64, which would otherwise slip past a filter that compares numbers.</li>
 * </ul>
 * {@code clone3} answers {@code ENOSYS}: its flags sit in memory a filter cannot read, and glibc then falls back to
 * {@code clone}, whose flags it can. Everything else is allowed.
 */
final class SeccompFilter {

    /** Killed whenever called. */
    static final List<String> DENIED = List.of(
            "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
            "mount", "umount2", "pivot_root", "chroot", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount",
            "fspick", "mount_setattr",
            "unshare", "setns",
            "bpf", "perf_event_open",
            "keyctl", "add_key", "request_key",
            "userfaultfd",
            "io_uring_setup", "io_uring_enter", "io_uring_register",
            "kexec_load", "kexec_file_load",
            "init_module", "finit_module", "delete_module",
            "swapon", "swapoff", "reboot",
            "settimeofday", "clock_settime", "clock_adjtime",
            "acct", "quotactl", "syslog", "lookup_dcookie",
            "name_to_handle_at", "open_by_handle_at",
            "sethostname", "setdomainname",
            "iopl", "ioperm", "uselib", "_sysctl");

    /** {@code CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET}. */
    static final int CLONE_NAMESPACE_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000
            | 0x20000000 | 0x40000000;
    /** The x32 ABI's marker bit in the call number (x86-64 only). */
    static final int X32_SYSCALL_BIT = 0x40000000;
    static final int ENOSYS = 38;

    static final int RET_KILL_PROCESS = 0x80000000;
    static final int RET_ERRNO = 0x00050000;
    static final int RET_ALLOW = 0x7FFF0000;

    // classic BPF opcodes (linux/filter.h) and struct seccomp_data offsets (linux/seccomp.h)
    static final int LD_W_ABS = 0x20;
    static final int JEQ_K = 0x15;
    static final int JGE_K = 0x35;
    static final int JSET_K = 0x45;
    static final int RET_K = 0x06;
    static final int OFFSET_NR = 0;
    static final int OFFSET_ARCH = 4;
    /** The low 32 bits of the first argument (little-endian: both our architectures). */
    static final int OFFSET_ARG0_LOW = 16;

    private SeccompFilter() {
    }

    /** The program for {@code table}'s architecture, as {@code bwrap --seccomp} reads it: 8 bytes per instruction. */
    static byte[] program(SyscallTable table) {
        Program p = new Program();
        p.load(OFFSET_ARCH);
        p.jump(JEQ_K, table.auditArch, 1, 0);
        p.ret(RET_KILL_PROCESS);
        p.load(OFFSET_NR);
        if (table == SyscallTable.X86_64) {
            p.jump(JGE_K, X32_SYSCALL_BIT, 0, 1);
            p.ret(RET_KILL_PROCESS);
        }
        for (String name : DENIED) {
            OptionalInt nr = table.number(name);
            if (nr.isPresent()) {
                p.jump(JEQ_K, nr.getAsInt(), 0, 1);
                p.ret(RET_KILL_PROCESS);
            }
        }
        p.jump(JEQ_K, number(table, "clone3"), 0, 1);
        p.ret(RET_ERRNO | ENOSYS);

        p.jump(JEQ_K, number(table, "clone"), 0, 4);
        p.load(OFFSET_ARG0_LOW);
        p.jump(JSET_K, CLONE_NAMESPACE_FLAGS, 0, 1);
        p.ret(RET_KILL_PROCESS);
        p.ret(RET_ALLOW);

        p.jump(JEQ_K, number(table, "personality"), 0, 5);
        p.load(OFFSET_ARG0_LOW);
        p.jump(JEQ_K, 0, 2, 0);
        p.jump(JEQ_K, 0xFFFFFFFF, 1, 0);
        p.ret(RET_KILL_PROCESS);
        p.ret(RET_ALLOW);

        p.ret(RET_ALLOW);
        return p.bytes();
    }

    private static int number(SyscallTable table, String name) {
        return table.number(name).orElseThrow(() -> new IllegalStateException(table + " has no " + name));
    }

    /** {@code struct sock_filter}s in the machine's (little-endian) byte order. */
    private static final class Program {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void load(int offset) {
            add(LD_W_ABS, 0, 0, offset);
        }

        void jump(int op, int k, int ifTrue, int ifFalse) {
            add(op, ifTrue, ifFalse, k);
        }

        void ret(int action) {
            add(RET_K, 0, 0, action);
        }

        private void add(int code, int jt, int jf, int k) {
            out.write(code & 0xFF);
            out.write(code >>> 8 & 0xFF);
            out.write(jt);
            out.write(jf);
            for (int shift = 0; shift < 32; shift += 8) {
                out.write(k >>> shift & 0xFF);
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
