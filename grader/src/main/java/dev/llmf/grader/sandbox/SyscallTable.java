package dev.llmf.grader.sandbox;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The numbers of the system calls the seccomp filter names, per architecture (the kernel's own tables:
 * {@code arch/x86/entry/syscalls/syscall_64.tbl}, and {@code include/uapi/asm-generic/unistd.h} for arm64, as
 * installed in {@code /usr/include} by linux-libc-dev; {@code SyscallTableTest} checks them against those headers
 * where they are installed).
 */
enum SyscallTable {

    X86_64(0xC000003E, Map.ofEntries(
            Map.entry("clone", 56), Map.entry("uselib", 134), Map.entry("personality", 135),
            Map.entry("ptrace", 101), Map.entry("syslog", 103), Map.entry("pivot_root", 155),
            Map.entry("_sysctl", 156), Map.entry("chroot", 161), Map.entry("acct", 163),
            Map.entry("settimeofday", 164), Map.entry("mount", 165), Map.entry("umount2", 166),
            Map.entry("swapon", 167), Map.entry("swapoff", 168), Map.entry("reboot", 169),
            Map.entry("sethostname", 170), Map.entry("setdomainname", 171), Map.entry("iopl", 172),
            Map.entry("ioperm", 173), Map.entry("init_module", 175), Map.entry("delete_module", 176),
            Map.entry("quotactl", 179), Map.entry("lookup_dcookie", 212), Map.entry("clock_settime", 227),
            Map.entry("kexec_load", 246), Map.entry("add_key", 248), Map.entry("request_key", 249),
            Map.entry("keyctl", 250), Map.entry("unshare", 272), Map.entry("perf_event_open", 298),
            Map.entry("name_to_handle_at", 303), Map.entry("open_by_handle_at", 304),
            Map.entry("clock_adjtime", 305), Map.entry("setns", 308), Map.entry("process_vm_readv", 310),
            Map.entry("process_vm_writev", 311), Map.entry("kcmp", 312), Map.entry("finit_module", 313),
            Map.entry("kexec_file_load", 320), Map.entry("bpf", 321), Map.entry("userfaultfd", 323),
            Map.entry("io_uring_setup", 425), Map.entry("io_uring_enter", 426),
            Map.entry("io_uring_register", 427), Map.entry("open_tree", 428), Map.entry("move_mount", 429),
            Map.entry("fsopen", 430), Map.entry("fsconfig", 431), Map.entry("fsmount", 432),
            Map.entry("fspick", 433), Map.entry("clone3", 435), Map.entry("pidfd_getfd", 438),
            Map.entry("mount_setattr", 442))),

    /** arm64 uses the generic table; it has no {@code uselib}, {@code _sysctl}, {@code iopl}, {@code ioperm}. */
    AARCH64(0xC00000B7, Map.ofEntries(
            Map.entry("lookup_dcookie", 18), Map.entry("umount2", 39), Map.entry("mount", 40),
            Map.entry("pivot_root", 41), Map.entry("chroot", 51), Map.entry("quotactl", 60),
            Map.entry("acct", 89), Map.entry("personality", 92), Map.entry("unshare", 97),
            Map.entry("kexec_load", 104), Map.entry("init_module", 105), Map.entry("delete_module", 106),
            Map.entry("clock_settime", 112), Map.entry("syslog", 116), Map.entry("ptrace", 117),
            Map.entry("reboot", 142), Map.entry("sethostname", 161), Map.entry("setdomainname", 162),
            Map.entry("settimeofday", 170), Map.entry("add_key", 217), Map.entry("request_key", 218),
            Map.entry("keyctl", 219), Map.entry("clone", 220), Map.entry("swapon", 224),
            Map.entry("swapoff", 225), Map.entry("perf_event_open", 241), Map.entry("name_to_handle_at", 264),
            Map.entry("open_by_handle_at", 265), Map.entry("clock_adjtime", 266), Map.entry("setns", 268),
            Map.entry("process_vm_readv", 270), Map.entry("process_vm_writev", 271), Map.entry("kcmp", 272),
            Map.entry("finit_module", 273), Map.entry("bpf", 280), Map.entry("userfaultfd", 282),
            Map.entry("kexec_file_load", 294), Map.entry("io_uring_setup", 425),
            Map.entry("io_uring_enter", 426), Map.entry("io_uring_register", 427), Map.entry("open_tree", 428),
            Map.entry("move_mount", 429), Map.entry("fsopen", 430), Map.entry("fsconfig", 431),
            Map.entry("fsmount", 432), Map.entry("fspick", 433), Map.entry("clone3", 435),
            Map.entry("pidfd_getfd", 438), Map.entry("mount_setattr", 442)));

    /** {@code AUDIT_ARCH_*}: what {@code seccomp_data.arch} holds for a call made through this table. */
    final int auditArch;
    private final Map<String, Integer> numbers;

    SyscallTable(int auditArch, Map<String, Integer> numbers) {
        this.auditArch = auditArch;
        this.numbers = numbers;
    }

    /** The number of {@code name} here, empty if this architecture has no such call. */
    OptionalInt number(String name) {
        Integer n = numbers.get(name);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** Every call this table knows, by name. */
    Map<String, Integer> numbers() {
        return numbers;
    }

    /** The table for the JVM's architecture ({@code os.arch}), empty where we have none. */
    static Optional<SyscallTable> host() {
        return forArch(System.getProperty("os.arch", ""));
    }

    static Optional<SyscallTable> forArch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> Optional.of(X86_64);
            case "aarch64", "arm64" -> Optional.of(AARCH64);
            default -> Optional.empty();
        };
    }
}
