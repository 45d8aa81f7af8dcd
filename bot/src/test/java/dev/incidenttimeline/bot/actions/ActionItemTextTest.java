package dev.incidenttimeline.bot.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ActionItemTextTest {
    static final LocalDate TODAY = LocalDate.parse("2026-11-17");

    @Test
    void commandForm_splitsTextOwnerAndDue() {
        ActionItemText a = ActionItemText.split("Add crash-loop alerts <@U0DEMO0002|marcus> due fri");
        assertThat(a.text()).isEqualTo("Add crash-loop alerts");
        assertThat(a.ownerId()).isEqualTo("U0DEMO0002");
        assertThat(a.dueDate(TODAY)).contains(LocalDate.parse("2026-11-20"));
    }

    @Test
    void messageForm_dropsThePrefixAndTheOwnerWord() {
        ActionItemText a = ActionItemText.split("Action: pin sidecars by digest — owner <@U0DEMO0004> due 2026-11-19");
        assertThat(a.text()).isEqualTo("pin sidecars by digest");
        assertThat(a.ownerId()).isEqualTo("U0DEMO0004");
        assertThat(a.duePhrase()).isEqualTo("2026-11-19");
    }

    @Test
    void mentionInsideTheText_theLastOneIsTheOwner() {
        ActionItemText a = ActionItemText.split("ask <@U1> about quotas <@U2>");
        assertThat(a.ownerId()).isEqualTo("U2");
        assertThat(a.text()).isEqualTo("ask <@U1> about quotas");
    }

    @Test
    void namedOwnerInTheMiddle_leavesTheRestOfTheSentence() {
        ActionItemText a = ActionItemText.split(
                "Action: schedule the review with finance — owner <@U0DEMO0001>, date tbd once the draft is done");
        assertThat(a.ownerId()).isEqualTo("U0DEMO0001");
        assertThat(a.text()).isEqualTo("schedule the review with finance, date tbd once the draft is done");
        assertThat(a.duePhrase()).isNull();
    }

    @Test
    void mentionMidSentenceWithoutOwnerWord_staysInTheText() {
        ActionItemText a = ActionItemText.split("pair with <@U7> on the quota request");
        assertThat(a.ownerId()).isEqualTo("U7");
        assertThat(a.text()).isEqualTo("pair with <@U7> on the quota request");
    }

    @Test
    void noOwnerNoDue() {
        ActionItemText a = ActionItemText.split("write the postmortem");
        assertThat(a.ownerId()).isNull();
        assertThat(a.duePhrase()).isNull();
        assertThat(a.dueDate(TODAY)).isEmpty();
        assertThat(a.text()).isEqualTo("write the postmortem");
    }

    @Test
    void theWordDueInsideTheText_withoutAPhraseAfterIt_staysText() {
        ActionItemText a = ActionItemText.split("find what was due <@U3>");
        assertThat(a.ownerId()).isEqualTo("U3");
        assertThat(a.text()).isEqualTo("find what was due");
    }
}
