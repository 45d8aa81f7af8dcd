package dev.incidenttimeline.bot.capture.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.capture.TimelineCapture;
import dev.incidenttimeline.bot.retro.Retros;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.TaggingReactions;
import dev.incidenttimeline.export.retro.RetroMarkdownRenderer;
import dev.incidenttimeline.store.MessageCacheRepository;
import dev.incidenttimeline.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real export of hfaran/slack-export-viewer (its tests/testarchive.zip): 158 messages,
 * most of them carrying their content in attachments or files, from GitHub and other
 * integrations whose older messages name only their bot id. Every message is put on the
 * timeline the way a reaction would, and the retro must show what each one said and who
 * said it.
 */
class RealExportContentTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Path ARCHIVE = Path.of("../../shared/fixtures/real-slack-exports/slack-export-viewer-testarchive.zip");

    private TimelineCapture capture;
    private SlackExportImporter importer;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        capture = new TimelineCapture(TaggingReactions.defaults(), ZoneOffset.UTC);
        importer = new SlackExportImporter(db.jdbi(), capture);
    }

    private static Path archive() {
        Path p = ARCHIVE.toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            p = Path.of("../shared/fixtures/real-slack-exports/slack-export-viewer-testarchive.zip").toAbsolutePath()
                    .normalize();
        }
        Assumptions.assumeTrue(Files.exists(p), "the real export is beside the checkout");
        return p;
    }

    @Test
    void everyMessageOfTheRealExport_showsItsContentAndANamedAuthor_inTheRetro() {
        for (String channel : List.of("enrique", "traveling-sailor")) {
            Incident inc = importer.importChannel(archive(), channel, ImportOptions.defaults(), line -> { })
                    .incident();
            List<CachedMessage> messages = db.jdbi().onDemand(MessageCacheRepository.class)
                    .listForChannel(inc.teamId(), inc.channelId());
            assertThat(messages).isNotEmpty();
            db.jdbi().useTransaction(h -> {
                for (CachedMessage m : messages) {
                    capture.tagged(h, inc, m, "pushpin", "U0BMQB6JE", Instant.parse("2026-01-01T00:00:00Z"),
                            EntrySource.IMPORT);
                }
            });

            String retro = db.jdbi().inTransaction(h -> new RetroMarkdownRenderer()
                    .render(Retros.load(h, inc), ZoneOffset.UTC, Instant.parse("2026-01-01T00:00:00Z")));
            String timeline = retro.substring(retro.indexOf("\n## Timeline"));
            timeline = timeline.substring(0, timeline.indexOf("\n## ", 5));
            List<String> rows = timeline.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| Time |"))
                    .toList();
            assertThat(rows).as(channel + " timeline rows").hasSizeGreaterThanOrEqualTo(messages.size());
            for (String row : rows) {
                String[] cells = row.split("(?<!\\\\)\\|");
                // cells: "", time, kind, who, what, link
                assertThat(cells[4].strip()).as("What of %s", row).isNotEmpty();
                assertThat(cells[3].strip()).as("Who of %s", row).doesNotMatch("B[A-Z0-9]{6,}");
            }
            // The bot id may stay inside the link to the integration's settings, never as a name.
            assertThat(retro).doesNotContain("&gt;", "&lt;").doesNotContainPattern("(?<!/)B0JL6RASU");
        }
    }
}
