/*
 * syscall-probe NAME: makes one system call and prints "NAME result errno", exit status 0.
 * syscall-probe list: prints the names it knows, one a line.
 *
 * Compiled by SeccompSandboxTest and mounted into the sandbox for that test only: under the sandbox's seccomp
 * filter a forbidden call kills this process with SIGSYS before the kernel runs it. Every call passes arguments
 * the kernel refuses (a bad pointer, fd, flag or magic number), so it does nothing even where no filter stops it,
 * even as root: the test also runs each one outside the sandbox, to show that the kernel answers it there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define BAD ((long) 1)  /* a pointer no process can read: the kernel answers EFAULT */

struct call {
    const char *name;
    long nr;
    long a[6];
};

static const struct call calls[] = {
    {"getpid", __NR_getpid, {0}},
    {"ptrace", __NR_ptrace, {-1, 0, 0, 0}},
    {"process_vm_readv", __NR_process_vm_readv, {-1, 0, 0, 0, 0, 1}},
    {"process_vm_writev", __NR_process_vm_writev, {-1, 0, 0, 0, 0, 1}},
    {"kcmp", __NR_kcmp, {-1, -1, 0, 0, 0}},
#ifdef __NR_pidfd_getfd
    {"pidfd_getfd", __NR_pidfd_getfd, {-1, -1, 0}},
#endif
    {"mount", __NR_mount, {BAD, BAD, BAD, 0, BAD}},
    {"umount2", __NR_umount2, {BAD, 0}},
    {"pivot_root", __NR_pivot_root, {BAD, BAD}},
    {"chroot", __NR_chroot, {BAD}},
#ifdef __NR_open_tree
    {"open_tree", __NR_open_tree, {-1, BAD, 0}},
    {"move_mount", __NR_move_mount, {-1, BAD, -1, BAD, 0}},
    {"fsopen", __NR_fsopen, {BAD, 0}},
    {"fsconfig", __NR_fsconfig, {-1, 0, 0, 0, 0}},
    {"fsmount", __NR_fsmount, {-1, 0, 0}},
    {"fspick", __NR_fspick, {-1, BAD, 0}},
#endif
#ifdef __NR_mount_setattr
    {"mount_setattr", __NR_mount_setattr, {-1, BAD, 0, 0, 0}},
#endif
    {"unshare", __NR_unshare, {-1}},
    {"setns", __NR_setns, {-1, 0}},
    {"bpf", __NR_bpf, {-1, 0, 0}},
    {"perf_event_open", __NR_perf_event_open, {BAD, 0, -1, -1, 0}},
    {"keyctl", __NR_keyctl, {-1, 0, 0, 0, 0}},
    {"add_key", __NR_add_key, {BAD, BAD, 0, 0, 0}},
    {"request_key", __NR_request_key, {BAD, BAD, 0, 0}},
    {"userfaultfd", __NR_userfaultfd, {-1}},
#ifdef __NR_io_uring_setup
    {"io_uring_setup", __NR_io_uring_setup, {0, BAD}},
    {"io_uring_enter", __NR_io_uring_enter, {-1, 0, 0, 0, 0, 0}},
    {"io_uring_register", __NR_io_uring_register, {-1, 0, 0, 0}},
#endif
    {"kexec_load", __NR_kexec_load, {0, 0, 0, -1}},
#ifdef __NR_kexec_file_load
    {"kexec_file_load", __NR_kexec_file_load, {-1, -1, 0, 0, -1}},
#endif
    {"init_module", __NR_init_module, {BAD, 0, BAD}},
    {"finit_module", __NR_finit_module, {-1, BAD, 0}},
    {"delete_module", __NR_delete_module, {BAD, 0}},
    {"swapon", __NR_swapon, {BAD, 0}},
    {"swapoff", __NR_swapoff, {BAD}},
    {"reboot", __NR_reboot, {0, 0, 0, 0}},
    {"settimeofday", __NR_settimeofday, {BAD, BAD}},
    {"clock_settime", __NR_clock_settime, {-1, BAD}},
    {"clock_adjtime", __NR_clock_adjtime, {-1, BAD}},
    {"acct", __NR_acct, {BAD}},
    {"quotactl", __NR_quotactl, {0, BAD, 0, 0}},
    {"syslog", __NR_syslog, {-1, 0, 0}},
#ifdef __NR_lookup_dcookie
    {"lookup_dcookie", __NR_lookup_dcookie, {0, 0, 0}},
#endif
    {"name_to_handle_at", __NR_name_to_handle_at, {-1, BAD, 0, 0, 0}},
    {"open_by_handle_at", __NR_open_by_handle_at, {-1, BAD, 0}},
    {"sethostname", __NR_sethostname, {BAD, -1}},
    {"setdomainname", __NR_setdomainname, {BAD, -1}},
#ifdef __NR_iopl
    {"iopl", __NR_iopl, {99}},
    {"ioperm", __NR_ioperm, {-1, 1, 1}},
#endif
#ifdef __NR_uselib
    {"uselib", __NR_uselib, {BAD}},
#endif
#ifdef __NR__sysctl
    {"_sysctl", __NR__sysctl, {BAD}},
#endif
    /* allowed, or allowed with these arguments */
    {"clone3", __NR_clone3, {0, 0}},
    {"personality-query", __NR_personality, {0xffffffffL}},
    {"personality-odd", __NR_personality, {0x0040000}},   /* ADDR_NO_RANDOMIZE */
    /* clone: a plain fork, and one asking for namespaces (CLONE_NEWUSER | CLONE_FS: a pair the kernel refuses) */
    {"clone-plain", __NR_clone, {SIGCHLD, 0, 0, 0, 0}},
    {"clone-namespace", __NR_clone, {0x10000000 | 0x200 | SIGCHLD, 0, 0, 0, 0}},
#if defined(__x86_64__)
    /* getpid through the x32 ABI's numbers */
    {"x32-getpid", __NR_getpid | 0x40000000, {0}},
#endif
};

int main(int argc, char **argv) {
    size_t n = sizeof calls / sizeof calls[0];
    if (argc == 2 && strcmp(argv[1], "list") == 0) {
        for (size_t i = 0; i < n; i++) {
            puts(calls[i].name);
        }
#if defined(__x86_64__)
        puts("i386-getpid");
#endif
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: syscall-probe NAME | list\n");
        return 2;
    }
    fflush(stdout);
#if defined(__x86_64__)
    if (strcmp(argv[1], "i386-getpid") == 0) {
        /* getpid (20) through the 32-bit entry point: another seccomp_data.arch */
        long r;
        __asm__ volatile ("int $0x80" : "=a"(r) : "a"(20L) : "memory");
        printf("%s %ld %d\n", argv[1], r, r < 0 ? (int) -r : 0);
        return 0;
    }
#endif
    for (size_t i = 0; i < n; i++) {
        if (strcmp(argv[1], calls[i].name) == 0) {
            const long *a = calls[i].a;
            errno = 0;
            long r = syscall(calls[i].nr, a[0], a[1], a[2], a[3], a[4], a[5]);
            if (r == 0 && strncmp(calls[i].name, "clone", 5) == 0 && calls[i].nr == __NR_clone) {
                _exit(0);   /* the child of a successful clone */
            }
            if (r > 0 && calls[i].nr == __NR_clone) {
                waitpid((pid_t) r, NULL, 0);
            }
            printf("%s %ld %d\n", calls[i].name, r, r < 0 ? errno : 0);
            return 0;
        }
    }
    fprintf(stderr, "unknown call %s\n", argv[1]);
    return 2;
}
