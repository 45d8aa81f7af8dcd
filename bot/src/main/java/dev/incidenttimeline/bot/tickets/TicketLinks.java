package dev.incidenttimeline.bot.tickets;

import static dev.incidenttimeline.bot.slack.SlackText.mention;

import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionItemNotFoundException;
import dev.incidenttimeline.domain.ActionTicket;
import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.NewEntry;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.EffectRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.TicketRepository;
import dev.incidenttimeline.store.TimelineRepository;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * {@code /incident action link <n> <url or key>} and {@code unlink <n>}: an item's ticket is one
 * that exists already, or none at all. No tracker call on the command's path: the link is
 * stored at once, and the ticket's state is read afterwards through the outbox.
 */
public final class TicketLinks {
    private final BotContext ctx;
    private final Optional<TrackerClient> tracker;

    public TicketLinks(BotContext ctx) {
        this.ctx = ctx;
        this.tracker = TrackerClient.of(ctx.settings().tickets(), ctx.clock());
    }

    public String link(String team, String channel, String user, int number, String reference) {
        Where inv = new Where(team, channel, user);
        TrackerClient.TicketReference ref;
        String trackerCode;
        if (tracker.isPresent()) {
            ref = tracker.get().parseReference(reference).orElseThrow(() -> new CommandException("`"
                    + SlackText.shortenPlain(reference, 80) + "` is not a " + TicketSync.trackerName(tracker.get())
                    + " ticket; give its key or link: " + example(tracker.get().code())));
            trackerCode = tracker.get().code();
        } else {
            trackerCode = trackerOfUrl(reference).orElseThrow(() -> new CommandException("No tracker is set up"
                    + " (TICKETS), so give the ticket's full link from Jira, GitHub or Linear: "
                    + "`/incident action link 2 https://acme.atlassian.net/browse/OPS-123`"));
            String url = reference.strip();
            String path = URI.create(url).getPath();
            String key = path.substring(path.lastIndexOf('/') + 1);
            if ("github".equals(trackerCode)) {
                String[] seg = path.split("/");
                key = seg.length >= 5 ? seg[1] + "/" + seg[2] + "#" + seg[4] : key;
            } else if ("linear".equals(trackerCode)) {
                String[] seg = path.split("/");
                key = seg.length >= 4 ? seg[3] : key;
            }
            ref = new TrackerClient.TicketReference(key, key, url);
        }
        TrackerClient.TicketReference r = ref;
        String reply = ctx.jdbi().inTransaction(h -> {
            Incident inc = incident(h, inv);
            ActionItem item = item(h, inc, number);
            Instant now = ctx.clock().instant();
            AttachedRepositories.of(h, TicketRepository.class).save(inv.teamId(), inc.number(), number, trackerCode, r.id(), r.key(),
                    r.url(), !item.isOpen(), null, null, item.dueDate(), inv.userId(), now);
            AttachedRepositories.of(h, ActionItemRepository.class).setTicketUrl(inv.teamId(), inc.number(), number, r.url(), false);
            AttachedRepositories.of(h, TimelineRepository.class).append(inv.teamId(), NewEntry.of(inc.number(), EntryKind.ACTION,
                    EntrySource.COMMAND, now, inv.userId(), "Action #" + number + " linked to " + r.key() + " by "
                    + mention(inv.userId())));
            if (tracker.isPresent()) {
                String itemKey = inc.number() + "#" + number;
                AttachedRepositories.of(h, EffectRepository.class).enqueue(inv.teamId(), "ticket-refresh:" + itemKey + ":"
                        + now.toEpochMilli(), TicketSync.REFRESH, TicketSync.JSON.createObjectNode()
                        .put("item", itemKey).put("incident", inc.number()).put("number", number)
                        .put("record_only", true).toString(), "ticket:" + itemKey, false);
            }
            return "Action item *#" + number + "* of " + inc.key() + " is linked to <" + r.url() + "|"
                    + SlackText.escape(r.key()) + ">" + (tracker.isPresent() ? "; changes there come back here."
                    : ".");
        });
        ctx.wakeEffects().run();
        return reply;
    }

    public String unlink(String team, String channel, String user, int number) {
        Where inv = new Where(team, channel, user);
        return ctx.jdbi().inTransaction(h -> {
            Incident inc = incident(h, inv);
            item(h, inc, number);
            Optional<ActionTicket> t = AttachedRepositories.of(h, TicketRepository.class).find(inv.teamId(), inc.number(), number);
            AttachedRepositories.of(h, TicketRepository.class).delete(inv.teamId(), inc.number(), number);
            AttachedRepositories.of(h, ActionItemRepository.class).setTicketUrl(inv.teamId(), inc.number(), number, null, true);
            if (t.isEmpty()) {
                return "Action item *#" + number + "* of " + inc.key() + " has no ticket; none will be made for it.";
            }
            AttachedRepositories.of(h, TimelineRepository.class).append(inv.teamId(), NewEntry.of(inc.number(), EntryKind.ACTION,
                    EntrySource.COMMAND, ctx.clock().instant(), inv.userId(), "Action #" + number
                            + " unlinked from " + t.get().ticketKey() + " by " + mention(inv.userId())));
            return "Action item *#" + number + "* of " + inc.key() + " is no longer linked to "
                    + SlackText.escape(t.get().ticketKey()) + " (the ticket itself is left as it is).";
        });
    }

    /** Who ran the command, and where. */
    private record Where(String teamId, String channelId, String userId) {
    }

    private static Incident incident(Handle h, Where inv) {
        return AttachedRepositories.of(h, IncidentRepository.class).findByChannel(inv.teamId(), inv.channelId())
                .orElseThrow(() -> new CommandException("Run `/incident action link` in the incident's channel."));
    }

    private static ActionItem item(Handle h, Incident inc, int number) {
        return AttachedRepositories.of(h, ActionItemRepository.class).find(inc.teamId(), inc.number(), number).orElseThrow(() ->
                new ActionItemNotFoundException(inc.key() + " has no action item #" + number
                        + "; `/incident actions` lists them."));
    }

    static Optional<String> trackerOfUrl(String s) {
        try {
            URI u = URI.create(s.strip());
            if (!"https".equals(u.getScheme()) || u.getHost() == null) {
                return Optional.empty();
            }
            String host = u.getHost().toLowerCase(Locale.ROOT);
            String path = u.getPath() == null ? "" : u.getPath();
            if (host.endsWith(".atlassian.net") && path.startsWith("/browse/")) {
                return Optional.of("jira");
            }
            if (host.equals("github.com") && path.matches("/[^/]+/[^/]+/issues/[0-9]+/?")) {
                return Optional.of("github");
            }
            if (host.equals("linear.app") && path.matches("/[^/]+/issue/[A-Z0-9]+-[0-9]+(/.*)?")) {
                return Optional.of("linear");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String example(String tracker) {
        return switch (tracker) {
            case "jira" -> "`/incident action link 2 OPS-123`";
            case "github" -> "`/incident action link 2 #123`";
            default -> "`/incident action link 2 ENG-123`";
        };
    }
}
