package dev.incidenttimeline.export.retro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares output with a golden file under {@code src/test/resources/golden/retro/}. Run the
 * tests with {@code -Dgolden.update=true} to rewrite the files instead, then read the diff.
 */
final class Golden {
    private static final Path DIR = Path.of("src", "test", "resources", "golden", "retro");

    private Golden() {
    }

    static void assertMatches(String fileName, String actual) {
        Path file = DIR.resolve(fileName);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(DIR);
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("golden file %s (run with -Dgolden.update=true to create it)", file).exists();
            String expected = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(actual).as("output differs from golden file %s (-Dgolden.update=true rewrites it)", file)
                    .isEqualTo(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
