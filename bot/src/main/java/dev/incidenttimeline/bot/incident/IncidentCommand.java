package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.domain.ActionKind;
import dev.incidenttimeline.domain.ActionPriority;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.KeyMoment;
import dev.incidenttimeline.domain.RetroNote;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.IsoWeek;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code /incident} sub-command, read from its text by {@link CommandParser}. Ids of
 * people are Slack user ids; texts are kept as Slack sent them (its escaping and mentions
 * intact), like every other text on the timeline.
 */
public sealed interface IncidentCommand {

    /** Whether it acts on the incident whose channel it is run in. */
    default boolean needsIncidentChannel() {
        return true;
    }

    /** {@code declare <title> [sev1-sev4] [private]}: a new incident and its channel. */
    record Declare(String title, Severity severity, boolean isPrivate) implements IncidentCommand {
        /** The severity of an incident declared without one. */
        public static final Severity DEFAULT_SEVERITY = Severity.SEV3;

        public Declare {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(severity, "severity");
        }

        @Override
        public boolean needsIncidentChannel() {
            return false;
        }
    }

    /** {@code declare} without a title: the declare form, with the options that were given. */
    record DeclareModal(Optional<Severity> severity, boolean isPrivate) implements IncidentCommand {
        public DeclareModal {
            Objects.requireNonNull(severity, "severity");
        }

        @Override
        public boolean needsIncidentChannel() {
            return false;
        }
    }

    /** {@code status <investigating|identified|monitoring|resolved>}. */
    record Status(IncidentStatus status) implements IncidentCommand {
        public Status {
            Objects.requireNonNull(status, "status");
        }
    }

    /** {@code resolve}. */
    record Resolve() implements IncidentCommand {
    }

    /** {@code sev <1-4>}. */
    record Sev(Severity severity) implements IncidentCommand {
        public Sev {
            Objects.requireNonNull(severity, "severity");
        }
    }

    /** {@code commander @user}: who leads the response. */
    record Commander(String userId) implements IncidentCommand {
        public Commander {
            Objects.requireNonNull(userId, "userId");
        }
    }

    /** {@code dri @user}: who owns the follow-up (the retro and its action items). */
    record Dri(String userId) implements IncidentCommand {
        public Dri {
            Objects.requireNonNull(userId, "userId");
        }
    }

    /** {@code note <text>}: a timeline entry, also posted in the channel. */
    record Note(String text) implements IncidentCommand {
        public Note {
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code summary <text>}: the retro's summary. */
    record Summary(String text) implements IncidentCommand {
        public Summary {
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code impact <text>}: the retro's impact. */
    record Impact(String text) implements IncidentCommand {
        public Impact {
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code rootcause <text>}: the retro's root cause. */
    record RootCause(String text) implements IncidentCommand {
        public RootCause {
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code factors <text>}: the retro's contributing factors as one text ({@code factor} adds them one by one). */
    record Factors(String text) implements IncidentCommand {
        public Factors {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * {@code action <what> @owner [due <date>] [p1-p3] [type]}; {@code due} is empty when none
     * was given; priority and type default to p2 and cleanup.
     */
    record Action(String text, String ownerId, Optional<LocalDate> due, ActionPriority priority, ActionKind kind)
            implements IncidentCommand {
        public Action {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(ownerId, "ownerId");
            Objects.requireNonNull(due, "due");
            Objects.requireNonNull(priority, "priority");
            Objects.requireNonNull(kind, "kind");
        }

        /** An item of the default priority and type. */
        public Action(String text, String ownerId, Optional<LocalDate> due) {
            this(text, ownerId, due, ActionPriority.DEFAULT, ActionKind.DEFAULT);
        }
    }

    /** {@code action <n> [p1-p3] [type <type>] [due <date>] [owner @x]}: what is given changes. */
    record ActionChange(int number, Optional<ActionPriority> priority, Optional<ActionKind> kind,
            Optional<LocalDate> due, Optional<String> ownerId) implements IncidentCommand {
        public ActionChange {
            Objects.requireNonNull(priority, "priority");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(due, "due");
            Objects.requireNonNull(ownerId, "ownerId");
        }
    }

    /** {@code started|detected|mitigated|resolved-at <time>}: a key moment, set by the caller. */
    record SetMoment(KeyMoment.Moment moment, MomentTime time) implements IncidentCommand {
        public SetMoment {
            Objects.requireNonNull(moment, "moment");
            Objects.requireNonNull(time, "time");
        }
    }

    /** {@code chain <step>}, {@code factor <text>}, {@code learning <category> <text>}. */
    record AddNote(RetroNote.Section section, RetroNote.Learning category, String text) implements IncidentCommand {
        public AddNote {
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(text, "text");
        }
    }

    /** {@code chain remove <n>}, {@code factor remove <n>}, {@code learning remove <n>}. */
    record RemoveNote(RetroNote.Section section, int number) implements IncidentCommand {
        public RemoveNote {
            Objects.requireNonNull(section, "section");
        }
    }

    /** {@code chain}, {@code factors}, {@code learnings}: the section's lines, numbered. */
    record ListNotes(RetroNote.Section section) implements IncidentCommand {
        public ListNotes {
            Objects.requireNonNull(section, "section");
        }
    }

    /** {@code actions}: the incident's action items. */
    record Actions() implements IncidentCommand {
    }

    /** {@code action done <n>}. */
    record ActionDone(int number) implements IncidentCommand {
    }

    /** {@code action drop <n>}. */
    record ActionDrop(int number) implements IncidentCommand {
    }

    /** {@code action link <n> <url or key>}: the item's ticket is one that exists already. */
    record ActionLink(int number, String reference) implements IncidentCommand {
        public ActionLink {
            Objects.requireNonNull(reference, "reference");
        }
    }

    /** {@code action unlink <n>}: the item keeps no ticket. */
    record ActionUnlink(int number) implements IncidentCommand {
    }

    /** {@code timeline [n]}: the latest {@code limit} entries, shown only to the caller. */
    record Timeline(int limit) implements IncidentCommand {
        public static final int DEFAULT_LIMIT = 15;
        public static final int MAX_LIMIT = 50;
    }

    /** {@code export}: the retro as a Markdown file in the channel. */
    record Export() implements IncidentCommand {
    }

    /** {@code list}: open incidents, from anywhere. */
    record ListOpen() implements IncidentCommand {
        @Override
        public boolean needsIncidentChannel() {
            return false;
        }
    }

    /** {@code report [2026-W47]}: the weekly review of that ISO week (empty: the current week). */
    record Report(Optional<IsoWeek> week) implements IncidentCommand {
        public Report {
            Objects.requireNonNull(week, "week");
        }

        @Override
        public boolean needsIncidentChannel() {
            return false;
        }
    }

    /** {@code help}, or no text at all. */
    record Help() implements IncidentCommand {
        @Override
        public boolean needsIncidentChannel() {
            return false;
        }
    }
}
