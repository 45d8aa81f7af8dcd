package dev.incidenttimeline.bot.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code RETRO_TEMPLATE} is read and compiled once, when the service starts, not on every export. */
class RetroTemplateCompiledOnceTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    @TempDir
    Path tmp;

    @Test
    void theTemplate_isCompiledAtStart_andUsedForEveryExportAfter() throws Exception {
        testDb.truncateAll();
        Path file = tmp.resolve("mine.mustache");
        Files.writeString(file, "# {{key}} by my template\n");
        Settings settings = Settings.fromEnv(Map.of("RETRO_TEMPLATE", file.toString()));
        IncidentService service = new IncidentService(testDb.jdbi(), new MutableClock(Instant.parse(
                "2026-11-22T10:00:00Z")), settings, () -> { });
        Incident inc = service.declare("T1", "U0ALICE",
                new IncidentService.DeclareRequest("Slow search", Severity.SEV3, false, null));

        // Changing or removing the file after start changes nothing: it was compiled then.
        Files.writeString(file, "{{#broken}\n");
        String first = testDb.jdbi().inTransaction(h -> service.retro().render(h, inc));
        Files.delete(file);
        String second = testDb.jdbi().inTransaction(h -> service.retro().render(h, inc));

        assertThat(first).isEqualTo("# " + inc.key() + " by my template\n").isEqualTo(second);
    }

    @Test
    void aBrokenTemplate_stopsTheStart_withOneLineNamingIt() throws Exception {
        Path file = tmp.resolve("broken.mustache");
        Files.writeString(file, "{{#keyTimes}}\n");
        Settings settings = Settings.fromEnv(Map.of("RETRO_TEMPLATE", file.toString()));

        assertThatThrownBy(() -> new IncidentService(testDb.jdbi(), new MutableClock(Instant.now()), settings,
                () -> { })).isInstanceOf(DomainException.class).hasMessageContaining("broken.mustache");
    }
}
