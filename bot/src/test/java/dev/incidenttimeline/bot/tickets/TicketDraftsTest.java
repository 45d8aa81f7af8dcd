package dev.incidenttimeline.bot.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.redaction.Redactor;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionKind;
import dev.incidenttimeline.domain.ActionPriority;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.RetroExport;
import dev.incidenttimeline.domain.Severity;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TicketDraftsTest {
    private static final Instant AT = Instant.parse("2026-11-17T13:36:00Z");
    private static final Incident INC = new Incident("T1", 12, "Checkout outage", Severity.SEV1,
            IncidentStatus.RESOLVED, "C0INC", "inc-checkout", false, "U1", "U1", null, null, null, null, null, null,
            AT.minusSeconds(3600), null, AT, "U1", null);
    private static final ActionItem ITEM = new ActionItem(12, 3, "Pin sidecar images by digest", "U2",
            LocalDate.parse("2026-12-04"), ActionStatus.OPEN, ActionPriority.P1, ActionKind.PREVENT, null, "U1", AT,
            null, null);

    @Test
    void description_namesTheUploadedRetro_byItsSlackLink() {
        RetroExport uploaded = new RetroExport(12, "retro-INC-12.md", "https://acme.slack.com/files/U0/F0/retro", AT);

        TicketDraft d = TicketDrafts.draft(INC, ITEM, "1794919080.686199", uploaded, Redactor.builtIn());

        assertThat(d.markdown()).contains("Retro: [retro-INC-12.md](https://acme.slack.com/files/U0/F0/retro)")
                .contains("Tagged message: [open in Slack](https://slack.com/archives/C0INC/p1794919080686199)");
        assertThat(d.labels()).containsExactly("incident", "INC-12", "sev1", "prevent", "INC-12#3");
    }

    @Test
    void description_namesAnExportedFile_andSaysNothingOfARetroNotExported() {
        RetroExport file = new RetroExport(12, "retro-INC-12.md", null, AT);

        assertThat(TicketDrafts.draft(INC, ITEM, null, file, Redactor.builtIn()).markdown())
                .contains("Retro: retro-INC-12.md");
        assertThat(TicketDrafts.draft(INC, ITEM, null, null, Redactor.builtIn()).markdown()).doesNotContain("Retro");
    }
}
