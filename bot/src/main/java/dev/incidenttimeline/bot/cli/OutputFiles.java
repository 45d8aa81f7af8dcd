package dev.incidenttimeline.bot.cli;

import dev.incidenttimeline.domain.DomainException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes every file the CLI produces (retros, reports, charts): whole, to a temporary file
 * beside the target that is then moved into place, and with the same ordinary permissions,
 * {@code rw-r--r--} (a temporary file starts as {@code rw-------}).
 */
final class OutputFiles {
    /** What every output file gets, whichever command wrote it. */
    static final Set<PosixFilePermission> PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    private OutputFiles() {
    }

    static void write(Path target, byte[] data) {
        Path abs = target.toAbsolutePath();
        try {
            Path dir = abs.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            try {
                Files.write(tmp, data);
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(tmp, PERMISSIONS);
                }
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new DomainException("cannot write " + target + " (" + e.getMessage() + "); choose a writable path");
        }
    }

    static void write(Path target, String text) {
        write(target, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
