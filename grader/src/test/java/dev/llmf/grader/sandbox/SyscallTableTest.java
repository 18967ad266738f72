package dev.llmf.grader.sandbox;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The numbers in {@link SyscallTable} are the kernel's: checked against the headers linux-libc-dev installs
 * ({@code asm/unistd_64.h} for x86-64, {@code asm-generic/unistd.h} for arm64). Skipped where they are missing.
 */
class SyscallTableTest {

    private static final Pattern DEFINE = Pattern.compile("^#define __NR_(\\w+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);

    @Test
    void x86NumbersMatchTheKernelHeaders() throws IOException {
        check(SyscallTable.X86_64, Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h"));
    }

    @Test
    void arm64NumbersMatchTheKernelHeaders() throws IOException {
        check(SyscallTable.AARCH64, Path.of("/usr/include/asm-generic/unistd.h"));
    }

    private static void check(SyscallTable table, Path header) throws IOException {
        assumeTrue(Files.isReadable(header), () -> header + " is not installed (apt-get install linux-libc-dev)");
        Map<String, Integer> kernel = new HashMap<>();
        Matcher m = DEFINE.matcher(Files.readString(header));
        while (m.find()) {
            kernel.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        table.numbers().forEach((name, nr) -> assertEquals(kernel.get(name), nr, table + " " + name));
    }
}
