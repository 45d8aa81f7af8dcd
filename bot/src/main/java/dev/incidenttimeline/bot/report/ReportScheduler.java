package dev.incidenttimeline.bot.report;

import dev.incidenttimeline.bot.actions.ActionItemRows;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.model.Conversation;
import dev.incidenttimeline.bot.config.ReportSchedule;
import dev.incidenttimeline.bot.slack.BlockKit;
import dev.incidenttimeline.bot.visibility.IncidentViewer;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy.ReportAudience;
import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.BotFeature;
import dev.incidenttimeline.bot.slack.SlackCallException;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.domain.SettingsException;
import dev.incidenttimeline.export.report.WeeklyReportInput;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.JobRunRepository;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the weekly incident-review report to {@code REPORT_CHANNEL} at
 * {@code REPORT_SCHEDULE} for the week just ended, and once a day DMs each owner of overdue
 * action items. Each run is claimed in {@code job_runs} (team, kind, period), so it happens
 * once per period across all replicas; a replica that was down at the scheduled moment
 * catches up once, for the latest period only.
 */
public final class ReportScheduler implements BotFeature {
    private static final Logger log = LoggerFactory.getLogger(ReportScheduler.class);
    static final String WEEKLY = "weekly_report";
    static final String REMINDERS = "overdue_reminders";

    private final BotContext ctx;
    private final String runner = "replica-" + UUID.randomUUID().toString().substring(0, 8);
    private ScheduledExecutorService timer;

    public ReportScheduler(BotContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void onStart() {
        joinReportChannel();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "report-scheduler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                runDue();
            } catch (RuntimeException e) {
                log.warn("scheduled reports: {}", e.getMessage(), e);
            }
        }, 5, 30, TimeUnit.SECONDS);
    }

    /**
     * The report's Markdown and chart are files, and files can be shared only where the bot
     * is a member: a public REPORT_CHANNEL is joined now; a private one the bot is not in stops
     * start-up, since only a member can invite it. When Slack cannot be asked, start anyway.
     */
    void joinReportChannel() {
        String channel = ctx.settings().reportChannel().orElse(null);
        if (channel == null) {
            return;
        }
        Conversation info;
        try {
            info = ctx.slack().call("conversations.info", c -> c.conversationsInfo(r -> r.channel(channel)))
                    .getChannel();
        } catch (SlackCallException e) {
            log.warn("REPORT_CHANNEL {}: cannot check it ({}); the report's files may not upload", channel, e.error());
            return;
        }
        if (info == null || info.isMember()) {
            return;
        }
        if (info.isPrivate()) {
            throw new SettingsException("REPORT_CHANNEL " + channel + " is a private channel the bot is not in;"
                    + " invite it there with /invite @incident-bot, then start again");
        }
        try {
            ctx.slack().call("conversations.join", c -> c.conversationsJoin(r -> r.channel(channel)));
            log.info("joined REPORT_CHANNEL {} so that the weekly report's files can be shared there", channel);
        } catch (SlackCallException e) {
            log.warn("REPORT_CHANNEL {}: cannot join it ({}); add the channels:join scope, or invite the bot",
                    channel, e.error());
        }
    }

    @Override
    public void onStop() {
        if (timer != null) {
            // A run in progress finishes (it is short); interrupting it would fail its commit on shutdown.
            timer.shutdown();
            try {
                timer.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs whatever is due now; returns how many runs this replica claimed. */
    public int runDue() {
        Instant now = ctx.clock().instant();
        ZoneId zone = ctx.settings().zone();
        ReportSchedule schedule = ctx.settings().reportSchedule();
        int claimed = 0;
        for (String team : ctx.jdbi().onDemand(IncidentRepository.class).listTeams()) {
            if (ctx.settings().reportChannel().isPresent()) {
                ZonedDateTime last = lastWeekly(schedule, now, zone);
                IsoWeek week = IsoWeek.of(last.toLocalDate()).previous();
                claimed += ctx.jdbi().inTransaction(h -> postWeekly(h, team, week, now)) ? 1 : 0;
            }
            LocalDate day = lastDaily(schedule, now, zone).toLocalDate();
            claimed += ctx.jdbi().inTransaction(h -> remindOverdue(h, team, day, now)) ? 1 : 0;
        }
        if (claimed > 0) {
            ctx.wakeEffects().run();
        }
        return claimed;
    }

    /** The latest scheduled weekly moment at or before {@code now}. */
    static ZonedDateTime lastWeekly(ReportSchedule s, Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime candidate = local.with(TemporalAdjusters.previousOrSame(s.day()))
                .truncatedTo(ChronoUnit.DAYS).with(s.time());
        return candidate.isAfter(local) ? candidate.minusWeeks(1) : candidate;
    }

    /** The latest daily reminder moment (the schedule's time of day) at or before {@code now}. */
    static ZonedDateTime lastDaily(ReportSchedule s, Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime candidate = local.truncatedTo(ChronoUnit.DAYS).with(s.time());
        return candidate.isAfter(local) ? candidate.minusDays(1) : candidate;
    }

    private boolean postWeekly(Handle h, String team, IsoWeek week, Instant now) {
        JobRunRepository jobs = h.attach(JobRunRepository.class);
        if (!jobs.claim(team, WEEKLY, week.toString(), runner, now)) {
            return false;
        }
        String channel = ctx.settings().reportChannel().orElseThrow();
        WeeklyReportInput input = WeeklyReports.load(h, team, week, ctx.settings().zone(), now,
                VisibilityPolicy.reportNamesPrivate(ReportAudience.SLACK_CHANNEL));
        WeeklyReports.Rendered r = WeeklyReports.render(input);
        Outbox outbox = new Outbox(h, team);
        String key = "weekly:" + week;
        outbox.postMessage(key + ":summary", channel, "Incident review " + week + ": " + r.model().summary().declared()
                + " incident(s)", WeeklyReports.summaryBlocks(r), null);
        WeeklyReports.queue(outbox, key, channel, r, null);
        jobs.finish(team, WEEKLY, week.toString(), now);
        log.info("weekly report {} of {} queued for {}", week, team, channel);
        return true;
    }

    private boolean remindOverdue(Handle h, String team, LocalDate day, Instant now) {
        JobRunRepository jobs = h.attach(JobRunRepository.class);
        List<ActionItem> overdue = h.attach(ActionItemRepository.class).listOpenDueBefore(team, day);
        if (overdue.isEmpty() || !jobs.claim(team, REMINDERS, day.toString(), runner, now)) {
            return false;
        }
        Map<Long, Incident> incidents = new LinkedHashMap<>();
        h.attach(IncidentRepository.class).listByNumbers(team,
                overdue.stream().mapToLong(ActionItem::incidentNumber).distinct().toArray())
                .forEach(i -> incidents.put(i.number(), i));
        Map<String, List<ActionItem>> byOwner = new LinkedHashMap<>();
        overdue.stream().filter(a -> a.ownerId() != null)
                .forEach(a -> byOwner.computeIfAbsent(a.ownerId(), o -> new ArrayList<>()).add(a));
        Outbox outbox = new Outbox(h, team);
        byOwner.forEach((owner, items) -> outbox.postDirectMessage("remind:" + day + ":" + owner, owner,
                "You have " + items.size() + " overdue action item(s)",
                reminderBlocks(items, incidents, VisibilityPolicy.viewer(h, team, owner), day)));
        jobs.finish(team, REMINDERS, day.toString(), now);
        return true;
    }

    /** At most this many items in one reminder (Slack allows 50 blocks in a message). */
    static final int MAX_REMINDER_ITEMS = 20;

    /** Shown instead of an item the owner may no longer see. */
    static final String NO_LONGER_VISIBLE = "An action item of a private incident you no longer have access to";

    /**
     * An item of a private incident whose channel the owner has left is shown as the
     * {@link #NO_LONGER_VISIBLE} line, not left out: the count in the DM's text stays true, and the owner learns that
     * work assigned to them is still open; its title, incident, channel and button are not
     * shown, since the owner may no longer see them ({@link VisibilityPolicy}).
     */
    private String reminderBlocks(List<ActionItem> items, Map<Long, Incident> incidents, IncidentViewer owner,
            LocalDate day) {
        List<ObjectNode> blocks = new ArrayList<>();
        blocks.add(BlockKit.section("*Overdue action items*: please close them or move their due date."));
        for (ActionItem a : items.subList(0, Math.min(items.size(), MAX_REMINDER_ITEMS))) {
            Incident inc = incidents.get(a.incidentNumber());
            if (inc != null && !owner.canSee(inc)) {
                blocks.add(BlockKit.section(":lock: " + NO_LONGER_VISIBLE + "."));
                continue;
            }
            blocks.add(BlockKit.section(ActionItemRows.actionItemRow(a, inc, day),
                    BlockKit.button("Mark done", ActionItemRows.ACTION_DONE, ActionItemRows.buttonValue(a), null)));
        }
        if (items.size() > MAX_REMINDER_ITEMS) {
            blocks.add(BlockKit.context("…and " + (items.size() - MAX_REMINDER_ITEMS) + " more: see the Home tab."));
        }
        return BlockKit.toJson(blocks);
    }
}
