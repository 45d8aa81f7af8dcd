package dev.incidenttimeline.export.retro;

import dev.incidenttimeline.domain.*;
import java.time.*;
import java.util.*;
import org.junit.jupiter.api.Test;

class PerfScratchTest {
    @Test
    void time() {
        Incident incident = new Incident("T", 99, "Long", Severity.SEV1, IncidentStatus.RESOLVED, "C99",
                "inc-long", false, "U1", "U1", "s", "i", "r", "c", null, null, Instant.parse("2026-11-01T00:00:00Z"), null,
                Instant.parse("2026-11-08T00:00:00Z"), "U1", null);
        EntryKind[] kinds = EntryKind.values();
        List<TimelineEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            entries.add(new TimelineEntry(i + 1, 99, kinds[i % kinds.length], EntrySource.REACTION,
                    Instant.parse("2026-11-01T00:00:00Z").plusSeconds(60L * i), "U" + (i % 40),
                    "entry number " + i + " with a | pipe and <@U" + (i % 40) + "> and some more words to make it realistic <https://x.example/a|link>", "C99", null, null,
                    "https://acme.slack.com/archives/C99/p" + i, "U1", false));
        }
        RetroInput in = new RetroInput(incident, entries, null, null, Map.of(), null);
        RetroMarkdownRenderer r = new RetroMarkdownRenderer();
        for (int k = 0; k < 5; k++) {
            long t0 = System.nanoTime();
            RetroModel m = RetroModel.build(in, ZoneId.of("UTC"), Instant.parse("2026-11-22T10:00:00Z"));
            long t1 = System.nanoTime();
            String out = RetroMarkdownRenderer.builtIn().render(m);
            long t2 = System.nanoTime();
            System.out.println("build " + (t1 - t0) / 1_000_000 + " ms, render " + (t2 - t1) / 1_000_000 + " ms, " + out.length());
        }
    }
}
