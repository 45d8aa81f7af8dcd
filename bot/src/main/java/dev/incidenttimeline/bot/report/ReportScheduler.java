package dev.incidenttimeline.bot.report;

import dev.incidenttimeline.bot.actions.ActionItemRows;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.incidenttimeline.bot.config.ReportSchedule;
import dev.incidenttimeline.bot.schedule.RecurringJobs;
import dev.incidenttimeline.bot.slack.BlockKit;
import dev.incidenttimeline.bot.visibility.IncidentViewer;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy.ReportAudience;
import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.BotFeature;
import dev.incidenttimeline.bot.slack.PostingChannel;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.export.report.WeeklyReportInput;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the weekly incident-review report to {@code REPORT_CHANNEL} at
 * {@code REPORT_SCHEDULE} (in {@code TIMEZONE}) for the week just ended, and once a day, at
 * the schedule's time, DMs each owner of overdue action items. Both are recurring tasks of
 * the {@link RecurringJobs} scheduler, so each runs once per period across all replicas; a
 * run missed while no replica was up happens once when one starts, for the latest period
 * only. A run that is repeated (retried after a failure) posts nothing twice: every post
 * carries a dedupe key naming its week or day.
 */
public final class ReportScheduler implements BotFeature {
    private static final Logger log = LoggerFactory.getLogger(ReportScheduler.class);
    static final String WEEKLY = "weekly-report";
    static final String REMINDERS = "overdue-reminders";

    private final BotContext ctx;

    public ReportScheduler(BotContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void onStart() {
        joinReportChannel();
    }

    /** The weekly report at the configured day and time, and the daily reminders at that time, in TIMEZONE. */
    @Override
    public List<RecurringTask<?>> recurringTasks() {
        ReportSchedule schedule = ctx.settings().reportSchedule();
        ZoneId zone = ctx.settings().zone();
        return List.of(RecurringJobs.task(WEEKLY, weekly(schedule, zone), this::postWeeklyReports),
                RecurringJobs.task(REMINDERS, daily(schedule, zone), this::remindOverdueOwners));
    }

    /** Every {@code schedule.day()} at {@code schedule.time()} local time in {@code zone}. */
    static Schedule weekly(ReportSchedule s, ZoneId zone) {
        return Schedules.cron(String.format(Locale.ROOT, "%d %d %d * * %s", s.time().getSecond(),
                s.time().getMinute(), s.time().getHour(), s.day().name().substring(0, 3)), zone);
    }

    /** Every day at {@code schedule.time()} local time in {@code zone}. */
    static Schedule daily(ReportSchedule s, ZoneId zone) {
        return Schedules.daily(zone, s.time());
    }

    /** Files can be shared only where the bot is a member (see {@link PostingChannel}). */
    void joinReportChannel() {
        ctx.settings().reportChannel().ifPresent(channel -> PostingChannel.ensureMember(ctx.slack(),
                "REPORT_CHANNEL", channel, "share the weekly report's files there"));
    }

    /**
     * Queues, for every workspace, the report of the ISO week before the latest scheduled
     * moment (the week just ended when run on time; the latest period when run late). Does
     * nothing without a {@code REPORT_CHANNEL}. Returns how many reports were queued.
     */
    public int postWeeklyReports() {
        if (ctx.settings().reportChannel().isEmpty()) {
            log.debug("no REPORT_CHANNEL: no weekly report");
            return 0;
        }
        Instant now = ctx.clock().instant();
        IsoWeek week = IsoWeek.of(lastWeekly(ctx.settings().reportSchedule(), now, ctx.settings().zone())
                .toLocalDate()).previous();
        int queued = 0;
        for (String team : ctx.jdbi().onDemand(IncidentRepository.class).listTeams()) {
            ctx.jdbi().useTransaction(h -> postWeekly(h, team, week, now));
            queued++;
        }
        if (queued > 0) {
            ctx.wakeEffects().run();
        }
        return queued;
    }

    /**
     * DMs, for every workspace, each owner of action items overdue on the latest reminder day.
     * Returns how many workspaces had any.
     */
    public int remindOverdueOwners() {
        Instant now = ctx.clock().instant();
        LocalDate day = lastDaily(ctx.settings().reportSchedule(), now, ctx.settings().zone()).toLocalDate();
        int reminded = 0;
        for (String team : ctx.jdbi().onDemand(IncidentRepository.class).listTeams()) {
            reminded += ctx.jdbi().inTransaction(h -> remindOverdue(h, team, day)) ? 1 : 0;
        }
        if (reminded > 0) {
            ctx.wakeEffects().run();
        }
        return reminded;
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

    private void postWeekly(Handle h, String team, IsoWeek week, Instant now) {
        String channel = ctx.settings().reportChannel().orElseThrow();
        WeeklyReportInput input = WeeklyReports.load(h, team, week, ctx.settings().zone(), now,
                VisibilityPolicy.reportNamesPrivate(ReportAudience.SLACK_CHANNEL));
        WeeklyReports.Rendered r = WeeklyReports.render(input);
        Outbox outbox = new Outbox(h, team);
        String key = "weekly:" + week;
        outbox.postMessage(key + ":summary", channel, "Incident review " + week + ": " + r.model().summary().declared()
                + " incident(s)", WeeklyReports.summaryBlocks(r), null);
        WeeklyReports.queue(outbox, key, channel, r, null);
        log.info("weekly report {} of {} queued for {}", week, team, channel);
    }

    private boolean remindOverdue(Handle h, String team, LocalDate day) {
        List<ActionItem> overdue = AttachedRepositories.of(h, ActionItemRepository.class).listOpenDueBefore(team, day);
        if (overdue.isEmpty()) {
            return false;
        }
        Map<Long, Incident> incidents = new LinkedHashMap<>();
        AttachedRepositories.of(h, IncidentRepository.class).listByNumbers(team,
                overdue.stream().mapToLong(ActionItem::incidentNumber).distinct().toArray())
                .forEach(i -> incidents.put(i.number(), i));
        Map<String, List<ActionItem>> byOwner = new LinkedHashMap<>();
        overdue.stream().filter(a -> a.ownerId() != null)
                .forEach(a -> byOwner.computeIfAbsent(a.ownerId(), o -> new ArrayList<>()).add(a));
        Outbox outbox = new Outbox(h, team);
        byOwner.forEach((owner, items) -> outbox.postDirectMessage("remind:" + day + ":" + owner, owner,
                "You have " + items.size() + " overdue action item(s)",
                reminderBlocks(items, incidents, VisibilityPolicy.viewer(h, team, owner), day)));
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
