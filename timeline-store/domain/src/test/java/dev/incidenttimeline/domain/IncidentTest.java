package dev.incidenttimeline.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentTest {
    private static final Instant DECLARED = Instant.parse("2026-11-16T09:00:00Z");

    private static Incident incident(IncidentStatus status, Instant startedAt, Instant resolvedAt) {
        return new Incident("T", 1, "Outage", Severity.SEV2, status, null, null, false, null, null, null, null, null,
                null, startedAt, null, DECLARED, null, resolvedAt, "U1", null);
    }

    @Test
    void duration_ofAResolvedIncident_runsFromDeclarationToResolution() {
        Incident i = incident(IncidentStatus.RESOLVED, null, DECLARED.plus(Duration.ofMinutes(95)));

        assertThat(i.duration(DECLARED.plus(Duration.ofDays(3)))).isEqualTo(Duration.ofMinutes(95));
    }

    @Test
    void duration_ofAnOpenIncident_runsUntilNow() {
        Incident i = incident(IncidentStatus.MONITORING, null, null);

        assertThat(i.duration(DECLARED.plus(Duration.ofMinutes(30)))).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void duration_startsAtTheStartTime_whenTheIncidentBeganBeforeItWasDeclared() {
        Incident i = incident(IncidentStatus.RESOLVED, DECLARED.minus(Duration.ofMinutes(20)),
                DECLARED.plus(Duration.ofMinutes(40)));

        assertThat(i.duration(DECLARED)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void duration_ignoresAStartTimeAfterTheDeclaration() {
        Incident i = incident(IncidentStatus.RESOLVED, DECLARED.plus(Duration.ofMinutes(10)),
                DECLARED.plus(Duration.ofMinutes(40)));

        assertThat(i.duration(DECLARED)).isEqualTo(Duration.ofMinutes(40));
    }

    @Test
    void withKeyMoments_takesTheLatestSettingOfEachMoment_andResolutionOnlyWhenResolved() {
        Instant recordedEnd = DECLARED.plus(Duration.ofMinutes(90));
        Incident resolved = incident(IncidentStatus.RESOLVED, null, recordedEnd);
        List<KeyMoment> moments = List.of(
                moment(1, KeyMoment.Moment.STARTED, DECLARED.minus(Duration.ofMinutes(5))),
                moment(3, KeyMoment.Moment.STARTED, DECLARED.minus(Duration.ofMinutes(7))),
                moment(2, KeyMoment.Moment.STARTED, DECLARED.minus(Duration.ofMinutes(1))),
                moment(4, KeyMoment.Moment.RESOLVED, DECLARED.plus(Duration.ofMinutes(80))),
                new KeyMoment(2, 5, KeyMoment.Moment.DETECTED, DECLARED, "U1", DECLARED));

        Incident corrected = resolved.withKeyMoments(moments);

        assertThat(corrected.startedAt()).isEqualTo(DECLARED.minus(Duration.ofMinutes(7)));
        assertThat(corrected.resolvedAt()).isEqualTo(DECLARED.plus(Duration.ofMinutes(80)));
        assertThat(corrected.detectedAt()).as("another incident's moment").isNull();
        assertThat(corrected.duration(DECLARED)).isEqualTo(Duration.ofMinutes(87));
        Incident open = incident(IncidentStatus.MONITORING, null, null).withKeyMoments(moments);
        assertThat(open.resolvedAt()).isNull();
        assertThat(resolved.withKeyMoments(List.of())).isSameAs(resolved);
    }

    private static KeyMoment moment(long id, KeyMoment.Moment which, Instant at) {
        return new KeyMoment(1, id, which, at, "U1", at);
    }

    @Test
    void duration_isNeverNegative() {
        Incident i = incident(IncidentStatus.INVESTIGATING, null, null);

        assertThat(i.duration(DECLARED.minusSeconds(60))).isEqualTo(Duration.ZERO);
    }

    @Test
    void key_andOpenness_followTheRecord() {
        Incident open = incident(IncidentStatus.IDENTIFIED, null, null);

        assertThat(open.key()).hasToString("INC-1");
        assertThat(open.isOpen()).isTrue();
        assertThat(open.channel()).isEmpty();
        assertThat(incident(IncidentStatus.RESOLVED, null, DECLARED).isOpen()).isFalse();
    }

    @Test
    void aResolvedIncident_needsItsResolutionTime() {
        assertThatThrownBy(() -> incident(IncidentStatus.RESOLVED, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBlankTitle_isRefused() {
        assertThatThrownBy(() -> new NewIncident("T", "   ", Severity.SEV2, false, null, "U1", DECLARED, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NewIncident("T", "x".repeat(201), Severity.SEV2, false, null, "U1", DECLARED, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNewIncidentTitle_isStripped() {
        assertThat(new NewIncident("T", "  Outage \n", Severity.SEV2, false, null, "U1", DECLARED, null).title())
                .isEqualTo("Outage");
    }
}
