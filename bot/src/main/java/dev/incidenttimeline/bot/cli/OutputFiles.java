package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.domain.DomainException;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes output files whole: to a temporary file beside the target, then moved into place. */
final class OutputFiles {
    private OutputFiles() {
    }

    static void write(Path target, byte[] data) {
        Path abs = target.toAbsolutePath();
        try {
            Path dir = abs.getParent();
            if (dir != null) {
                java.nio.file.Files.createDirectories(dir);
            }
            Path tmp = java.nio.file.Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            try {
                java.nio.file.Files.write(tmp, data);
                java.nio.file.Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                java.nio.file.Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new DomainException("cannot write " + target + " (" + e.getMessage() + "); choose a writable path");
        }
    }
}
