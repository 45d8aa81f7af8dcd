package dev.incidenttimeline.bot.incident;

import static dev.incidenttimeline.bot.slack.SlackText.mention;

import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.bot.retro.Retros;
import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.KeyMoment;
import dev.incidenttimeline.domain.RetroNote;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.export.retro.RetroInput;
import dev.incidenttimeline.export.retro.RetroMarkdownRenderer;
import dev.incidenttimeline.export.retro.RetroTemplate;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.RetroRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Handle;

/**
 * The retro of an incident, written from its channel: summary, impact, root cause statement,
 * the key moments, the causal chain, contributing factors and learnings, and the export.
 * Every change is a timeline entry by the person who made it and is announced in the
 * channel. The retro template ({@code RETRO_TEMPLATE}) is compiled once, when this is built.
 */
final class RetroService {
    /** A moment this far ahead of the clock is still accepted (clocks of people and servers differ). */
    private static final Duration FUTURE_SLACK = Duration.ofMinutes(2);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

    private final IncidentTransactions tx;
    private final Optional<RetroTemplate> template;

    RetroService(IncidentTransactions tx) {
        this.tx = tx;
        this.template = compileTemplate(tx.settings.retroTemplate());
    }

    // ------------------------------------------------------------------ the fields

    String setSummary(Invocation inv, String text) {
        return retroField(inv, "summary", EntryKind.SUMMARY, text,
                (h, inc) -> AttachedRepositories.of(h, IncidentRepository.class).setSummary(inv.teamId(), inc.number(), text));
    }

    String setImpact(Invocation inv, String text) {
        return retroField(inv, "impact", EntryKind.IMPACT, text,
                (h, inc) -> AttachedRepositories.of(h, IncidentRepository.class).setImpact(inv.teamId(), inc.number(), text));
    }

    String setRootCause(Invocation inv, String text) {
        return retroField(inv, "root cause", EntryKind.ROOT_CAUSE, text,
                (h, inc) -> AttachedRepositories.of(h, IncidentRepository.class).setRootCause(inv.teamId(), inc.number(), text));
    }

    /** Contributing factors as one text, recorded on the timeline as a finding (as before {@code factor}). */
    String setContributingFactors(Invocation inv, String text) {
        return retroField(inv, "contributing factors", EntryKind.FINDING, text, (h, inc) -> AttachedRepositories.of(h, IncidentRepository.class).setContributingFactors(inv.teamId(), inc.number(), text));
    }

    private String retroField(Invocation inv, String field, EntryKind kind, String text,
            BiFunction<Handle, Incident, Integer> update) {
        return tx.change(inv, (h, inc) -> {
            update.apply(h, inc);
            TimelineEntry e = tx.entry(h, inv, inc, kind, text);
            tx.announce(new Outbox(h, inv.teamId()), inc, e, tx.messages.retroField(field, text, inv.userId()), null);
            String verb = field.endsWith("s") ? " are set; they go" : " is set; it goes";
            return "The " + field + " of " + inc.key() + verb + " into the retro.";
        });
    }

    // ------------------------------------------------------------------ key moments

    /** Sets a key moment; the latest setting wins, the earlier ones stay as the audit trail. */
    String setMoment(Invocation inv, IncidentCommand.SetMoment c) {
        return tx.change(inv, (h, inc) -> {
            Instant now = tx.clock.instant();
            LocalDate incidentDate = LocalDate.ofInstant(inc.declaredAt(), tx.zone);
            Instant at = c.time().resolve(incidentDate, tx.zone, now);
            String word = RetroCommandParser.commandWord(c.moment());
            if (at.isAfter(now.plus(FUTURE_SLACK))) {
                throw new CommandException(when(at) + " is still ahead; give a time that has passed ("
                        + RetroCommandParser.TIME_FORMS + "): `/incident " + word + " 09:05`");
            }
            if (c.moment() == KeyMoment.Moment.RESOLVED && inc.status() != IncidentStatus.RESOLVED) {
                throw new CommandException(inc.key() + " is not resolved yet: resolve it with `/incident resolve`,"
                        + " then correct the time with `/incident resolved-at <time>`.");
            }
            RetroRepository retro = AttachedRepositories.of(h, RetroRepository.class);
            Optional<KeyMoment> before = retro.listMoments(inv.teamId(), inc.number()).stream()
                    .filter(m -> m.moment() == c.moment()).reduce((a, b) -> b);
            retro.setMoment(inv.teamId(), inc.number(), c.moment(), at, inv.userId(), now);
            String text = c.moment().label() + ": " + when(at) + before.map(b -> " (was " + when(b.at()) + ")")
                    .orElse("");
            TimelineEntry e = tx.entry(h, inv, inc, EntryKind.RETRO, text);
            tx.announce(new Outbox(h, inv.teamId()), inc, e,
                    tx.messages.retroField(c.moment().code() + " time", when(at), inv.userId()), null);
            return c.moment().label() + " of " + inc.key() + " is now " + when(at)
                    + before.map(b -> " (was " + when(b.at()) + ")").orElse("")
                    + "; the retro's key timestamps say you set it.";
        });
    }

    private String when(Instant at) {
        return WHEN.format(at.atZone(tx.zone)) + " " + tx.zone.getId();
    }

    // ------------------------------------------------------------------ chain, factors, learnings

    String addNote(Invocation inv, IncidentCommand.AddNote c) {
        return tx.change(inv, (h, inc) -> {
            RetroNote n = AttachedRepositories.of(h, RetroRepository.class).addNote(inv.teamId(), inc.number(), c.section(),
                    c.category(), c.text(), inv.userId(), tx.clock.instant());
            String what = name(n.section(), n.category()) + " #" + n.number();
            TimelineEntry e = tx.entry(h, inv, inc, EntryKind.RETRO, capitalize(what) + ": " + n.text());
            tx.announce(new Outbox(h, inv.teamId()), inc, e, tx.messages.retroField(what, n.text(), inv.userId()),
                    null);
            return "Added " + what + " to " + inc.key() + ". `/incident " + listWord(n.section())
                    + "` lists them; `/incident " + word(n.section()) + " remove " + n.number() + "` takes it out.";
        });
    }

    String removeNote(Invocation inv, IncidentCommand.RemoveNote c) {
        return tx.change(inv, (h, inc) -> {
            RetroRepository retro = AttachedRepositories.of(h, RetroRepository.class);
            Optional<RetroNote> n = retro.findNote(inv.teamId(), inc.number(), c.section(), c.number())
                    .filter(x -> !x.isRemoved());
            if (n.isEmpty()) {
                throw new CommandException(inc.key() + " has no " + name(c.section(), null) + " #" + c.number()
                        + "; `/incident " + listWord(c.section()) + "` lists them.");
            }
            retro.removeNote(inv.teamId(), inc.number(), c.section(), c.number(), inv.userId(), tx.clock.instant());
            String what = name(c.section(), n.get().category()) + " #" + c.number();
            TimelineEntry e = tx.entry(h, inv, inc, EntryKind.RETRO, "Removed " + what + ": " + n.get().text());
            tx.announce(new Outbox(h, inv.teamId()), inc, e, ":wastebasket: " + mention(inv.userId()) + " removed "
                    + what + ": " + n.get().text(), null);
            return "Removed " + what + " from " + inc.key() + ": " + n.get().text();
        });
    }

    String listNotes(Invocation inv, IncidentCommand.ListNotes c) {
        return tx.read(inv, (h, inc) -> {
            List<RetroNote> notes = AttachedRepositories.of(h, RetroRepository.class).listNotes(inv.teamId(), inc.number()).stream()
                    .filter(n -> n.section() == c.section()).toList();
            if (notes.isEmpty()) {
                return inc.key() + " has no " + plural(c.section()) + " yet. Add one: " + addForm(c.section());
            }
            StringBuilder b = new StringBuilder("*" + capitalize(plural(c.section())) + " of " + inc.key() + "*\n");
            if (c.section() == RetroNote.Section.LEARNING) {
                for (RetroNote.Learning l : RetroNote.Learning.values()) {
                    List<RetroNote> group = notes.stream().filter(n -> n.category() == l).toList();
                    if (!group.isEmpty()) {
                        b.append('_').append(l.heading()).append("_\n");
                        group.forEach(n -> row(b, n));
                    }
                }
            } else {
                notes.forEach(n -> row(b, n));
            }
            b.append("Remove one with `/incident ").append(word(c.section())).append(" remove <n>`.");
            return b.toString();
        });
    }

    private static void row(StringBuilder b, RetroNote n) {
        b.append("• *#").append(n.number()).append("* ").append(SlackText.oneLine(n.text())).append(" — ")
                .append(mention(n.createdBy())).append('\n');
    }

    private static String name(RetroNote.Section s, RetroNote.Learning l) {
        return switch (s) {
            case CHAIN -> "causal chain step";
            case FACTOR -> "contributing factor";
            case LEARNING -> l == null ? "learning" : "learning (" + l.word() + ")";
        };
    }

    private static String plural(RetroNote.Section s) {
        return switch (s) {
            case CHAIN -> "causal chain steps";
            case FACTOR -> "contributing factors";
            case LEARNING -> "learnings";
        };
    }

    private static String word(RetroNote.Section s) {
        return s.code();
    }

    private static String listWord(RetroNote.Section s) {
        return switch (s) {
            case CHAIN -> "chain";
            case FACTOR -> "factors";
            case LEARNING -> "learnings";
        };
    }

    private static String addForm(RetroNote.Section s) {
        return switch (s) {
            case CHAIN -> "`/incident chain <step>`, first cause first";
            case FACTOR -> "`/incident factor <text>`";
            case LEARNING -> "`/incident learning <went-well|went-wrong|lucky> <text>`";
        };
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ------------------------------------------------------------------ rendering

    /** The retro of an incident in the configured layout (the built-in one, or {@code RETRO_TEMPLATE}). */
    String render(Handle h, Incident inc) {
        return render(Retros.load(h, inc), tx.clock.instant());
    }

    /** As {@link #render(Handle, Incident)} for a retro already loaded, asked for at {@code now}: no database needed. */
    String render(RetroInput input, Instant now) {
        RetroMarkdownRenderer renderer = new RetroMarkdownRenderer();
        return template.map(t -> renderer.render(input, tx.zone, now, t))
                .orElseGet(() -> renderer.render(input, tx.zone, now));
    }

    private static Optional<RetroTemplate> compileTemplate(Optional<Path> path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(RetroTemplate.compile(Files.readString(path.get()),
                    path.get().getFileName().toString()));
        } catch (IOException e) {
            throw new DomainException("The retro template " + path.get().getFileName()
                    + " (RETRO_TEMPLATE) cannot be read: " + e.getMessage(), e);
        }
    }
}
