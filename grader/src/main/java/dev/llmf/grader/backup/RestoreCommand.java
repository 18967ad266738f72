package dev.llmf.grader.backup;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

/**
 * {@code llmf-grader restore FILE}: loads a backup into a fresh database — an empty data folder
 * ({@code LLMF_DATA_DIR}) or an empty external database. Runs with no HTTP listener, no grading workers and no course
 * set-up (GraderMain sets that up), after Flyway has created the schema; the database must then be empty and at the
 * schema version the backup was made at.
 */
public class RestoreCommand implements QuarkusApplication {

    @Inject
    AgroalDataSource dataSource;

    @Override
    public int run(String... args) {
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("usage: llmf-grader restore FILE");
            return 2;
        }
        Path file = Path.of(args[0]).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            System.err.println("restore: no backup file " + file);
            return 2;
        }
        try (Connection c = dataSource.getConnection()) {
            BackupFile.Summary s = BackupFile.restore(c, file);
            System.out.println("restore: " + file + " loaded (" + s + ")");
            return 0;
        } catch (Exception e) {
            System.err.println("restore: failed, nothing was loaded: " + e.getMessage());
            return 1;
        }
    }
}
