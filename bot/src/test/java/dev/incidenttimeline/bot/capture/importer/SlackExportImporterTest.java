package dev.incidenttimeline.bot.capture.importer;

import static dev.incidenttimeline.bot.capture.importer.ExportFixtures.CHANNEL;
import static dev.incidenttimeline.bot.capture.importer.ExportFixtures.CHANNEL_ID;
import static dev.incidenttimeline.bot.capture.importer.ExportFixtures.TEAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidenttimeline.bot.capture.TimelineCapture;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.Participant;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SlackTs;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.domain.TaggingReactions;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.MessageCacheRepository;
import dev.incidenttimeline.store.ParticipantRepository;
import dev.incidenttimeline.store.SlackUserRepository;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TimelineRepository;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SlackExportImporterTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant FIRST = SlackTs.toInstant("1796115600.000100");
    private static final Instant LAST = SlackTs.toInstant("1796206200.001300");

    @TempDir
    Path tmp;

    private final List<String> progress = new ArrayList<>();
    private SlackExportImporter importer;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        importer = new SlackExportImporter(db.jdbi(), new TimelineCapture(TaggingReactions.defaults(), ZoneOffset.UTC));
    }

    private ImportSummary importSmall() {
        return importer.importChannel(ExportFixtures.small(), CHANNEL, ImportOptions.defaults(), progress::add);
    }

    private List<TimelineEntry> entries(Incident i) {
        return db.jdbi().onDemand(TimelineRepository.class).listForIncident(i.teamId(), i.number());
    }

    private List<TimelineEntry> entriesOf(Incident i, EntryKind kind) {
        return entries(i).stream().filter(e -> e.kind() == kind).toList();
    }

    private TimelineEntry entry(Incident i, EntryKind kind, String ts) {
        return entries(i).stream().filter(e -> e.kind() == kind && ts.equals(e.messageTs())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " entry for " + ts + " in " + entries(i)));
    }

    private List<ActionItem> actionItems(Incident i) {
        return db.jdbi().onDemand(ActionItemRepository.class).listForIncident(i.teamId(), i.number());
    }

    private CachedMessage cached(String ts) {
        return db.jdbi().onDemand(MessageCacheRepository.class).find(TEAM, CHANNEL_ID, ts).orElseThrow();
    }

    @Test
    void smallExport_becomesAResolvedIncident_describedByTheChannel() {
        ImportSummary summary = importSmall();

        Incident i = summary.incident();
        assertThat(summary.createdIncident()).isTrue();
        assertThat(i.teamId()).isEqualTo(TEAM);
        assertThat(i.title()).isEqualTo("payments queue stuck on a poison message");
        assertThat(i.severity()).isEqualTo(Severity.SEV2);
        assertThat(i.channelId()).isEqualTo(CHANNEL_ID);
        assertThat(i.channelName()).isEqualTo(CHANNEL);
        assertThat(i.isPrivate()).isFalse();
        assertThat(i.createdBy()).isEqualTo("U0SMALL01");
        assertThat(i.declaredAt()).isEqualTo(FIRST);
        assertThat(i.startedAt()).isEqualTo(FIRST);
        assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(i.resolvedAt()).isEqualTo(LAST);
        assertThat(i.detectedAt()).isEqualTo(SlackTs.toInstant("1796115660.000200"));
        assertThat(i.mitigatedAt()).isEqualTo(SlackTs.toInstant("1796116500.000800"));
        assertThat(i.lastMessageTs()).isEqualTo("1796206200.001300");
        String origin = db.jdbi().withHandle(h -> h.createQuery("SELECT origin FROM incidents WHERE number = :n")
                .bind("n", i.number()).mapTo(String.class).one());
        assertThat(origin).isEqualTo("import");
    }

    @Test
    void smallExport_storesTheExpectedCounts() {
        ImportSummary summary = importSmall();

        assertThat(summary.messages()).isEqualTo(13);
        assertThat(summary.entries()).isEqualTo(14);
        assertThat(summary.actionItems()).isEqualTo(3);
        assertThat(summary.participants()).isEqualTo(3);
        assertThat(summary.describe()).isEqualTo("Imported INC-" + summary.incident().number()
                + " \"payments queue stuck on a poison message\" from #inc-20261201-payments-queue: 13 messages,"
                + " 14 timeline entries, 3 action items, 3 participants.");
        assertThat(entries(summary.incident())).extracting(TimelineEntry::kind).containsExactly(
                EntryKind.DECLARED, EntryKind.PARTICIPANT, EntryKind.DETECTION, EntryKind.PARTICIPANT,
                EntryKind.FINDING, EntryKind.PARTICIPANT, EntryKind.ROOT_CAUSE, EntryKind.FINDING,
                EntryKind.MITIGATION, EntryKind.ACTION, EntryKind.ACTION, EntryKind.ACTION, EntryKind.EVENT,
                EntryKind.RESOLVED);
    }

    @Test
    void everyMessageIsCached_withThreadsBotsFilesAndEdits() {
        importSmall();

        assertThat(db.jdbi().onDemand(MessageCacheRepository.class).count(TEAM, CHANNEL_ID)).isEqualTo(13);
        assertThat(cached("1796116020.000600").threadTs()).isEqualTo("1796115900.000500");
        CachedMessage bot = cached("1796115660.000200");
        assertThat(bot.botId()).isEqualTo("B0SMALLBOT");
        assertThat(bot.userId()).isNull();
        assertThat(bot.subtype()).isEqualTo("bot_message");
        assertThat(cached("1796116200.000700").files()).containsExactly(new CachedMessage.SharedFile("F0SMALL001",
                "queue-depth.png", "Queue depth",
                "https://small-corp.slack.com/files/U0SMALL02/F0SMALL001/queue-depth.png"));
        CachedMessage edited = cached("1796116500.000800");
        assertThat(edited.editedTs()).isEqualTo("1796116560.000000");
        assertThat(edited.text()).isEqualTo("skipped the poison message and restarted the consumers; queue draining");
        assertThat(cached("1796115600.000100").subtype()).isEqualTo("channel_join");
        assertThat(cached("1796116800.000900").subtype()).isEqualTo("channel_topic");
    }

    @Test
    void taggedThreadReply_keepsItsThread_andTwoEmojiMakeTwoEntries() {
        Incident i = importSmall().incident();

        TimelineEntry rootCause = entry(i, EntryKind.ROOT_CAUSE, "1796116020.000600");
        TimelineEntry finding = entry(i, EntryKind.FINDING, "1796116020.000600");
        assertThat(rootCause.isThreadReply()).isTrue();
        assertThat(rootCause.threadTs()).isEqualTo("1796115900.000500");
        assertThat(rootCause.authorId()).isEqualTo("U0SMALL03");
        assertThat(rootCause.taggedBy()).isEqualTo("U0SMALL01");
        assertThat(rootCause.source()).isEqualTo(EntrySource.IMPORT);
        assertThat(rootCause.occurredAt()).isEqualTo(SlackTs.toInstant("1796116020.000600"));
        assertThat(rootCause.text()).startsWith("the poison message has a null currency field");
        assertThat(finding.taggedBy()).isEqualTo("U0SMALL02");
    }

    @Test
    void entries_linkToTheirMessages_whenTheExportRevealsTheWorkspace() {
        Incident i = importSmall().incident();

        assertThat(entry(i, EntryKind.ROOT_CAUSE, "1796116020.000600").permalink()).isEqualTo(
                "https://small-corp.slack.com/archives/C0SMALLINC/p1796116020000600"
                        + "?thread_ts=1796115900.000500&cid=C0SMALLINC");
        assertThat(entry(i, EntryKind.MITIGATION, "1796116500.000800").permalink())
                .isEqualTo("https://small-corp.slack.com/archives/C0SMALLINC/p1796116500000800");
    }

    @Test
    void messageTaggedByTwoPeople_isOneEntry_withBothTagsInItsAuditTrail() {
        Incident i = importSmall().incident();

        TimelineEntry finding = entry(i, EntryKind.FINDING, "1796115900.000500");
        assertThat(finding.taggedBy()).isEqualTo("U0SMALL01");
        assertThat(db.jdbi().onDemand(TimelineRepository.class).listAudit(TEAM, finding.id()))
                .containsExactly("created", "tagged");
        int tags = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM entry_tags WHERE team_id = :t AND message_ts = '1796115900.000500'")
                .bind("t", TEAM).mapTo(Integer.class).one());
        assertThat(tags).isEqualTo(2);
    }

    @Test
    void botAlert_isADetectionAuthoredByTheBot_namedAfterItsApp() {
        Incident i = importSmall().incident();

        TimelineEntry detection = entry(i, EntryKind.DETECTION, "1796115660.000200");
        assertThat(detection.authorId()).isEqualTo("B0SMALLBOT");
        assertThat(db.jdbi().onDemand(SlackUserRepository.class).find(TEAM, "B0SMALLBOT")).get()
                .extracting(SlackUser::label, SlackUser::isBot).containsExactly("PagerBot", true);
    }

    @Test
    void reactionsThatAreNotTaggingEmoji_leaveNoTrace() {
        Incident i = importSmall().incident();

        assertThat(entries(i)).noneMatch(e -> "1796115780.000400".equals(e.messageTs()));
        assertThat(entries(i)).filteredOn(e -> "1796206200.001300".equals(e.messageTs()))
                .extracting(TimelineEntry::kind).containsExactly(EntryKind.EVENT);
    }

    @Test
    void memoTaggedMessages_becomeActionItems_withOwnerAndDueDate() {
        Incident i = importSmall().incident();

        assertThat(actionItems(i)).extracting(ActionItem::number, ActionItem::text, ActionItem::ownerId,
                ActionItem::dueDate, ActionItem::createdBy).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "validate currency before enqueue", "U0SMALL03",
                                LocalDate.of(2026, 12, 9), "U0SMALL02"),
                        // "due fri", written on Wednesday 2026-12-02.
                        org.assertj.core.groups.Tuple.tuple(2, "add a dead-letter queue for payments", "U0SMALL02",
                                LocalDate.of(2026, 12, 4), "U0SMALL01"),
                        // "due when the vendor answers": kept, undated.
                        org.assertj.core.groups.Tuple.tuple(3, "write the poison-message runbook", "U0SMALL01", null,
                                "U0SMALL02"));
    }

    @Test
    void peopleWhoJoinedOrSpoke_areParticipants_butBotsAreNot() {
        Incident i = importSmall().incident();

        assertThat(db.jdbi().onDemand(ParticipantRepository.class).list(TEAM, i.number())).containsExactly(
                new Participant(i.number(), "U0SMALL01", FIRST),
                new Participant(i.number(), "U0SMALL02", SlackTs.toInstant("1796115720.000300")),
                // Never joined in the export: known from their first message.
                new Participant(i.number(), "U0SMALL03", SlackTs.toInstant("1796116020.000600")));
        assertThat(entriesOf(i, EntryKind.PARTICIPANT)).extracting(TimelineEntry::authorId)
                .containsExactly("U0SMALL01", "U0SMALL02", "U0SMALL03");
    }

    @Test
    void members_areStoredForRendering_byDisplayNameThenRealNameThenId() {
        importSmall();

        Map<String, SlackUser> users = db.jdbi().onDemand(SlackUserRepository.class).byId(TEAM);
        assertThat(users.get("U0SMALL01").label()).isEqualTo("alice");
        assertThat(users.get("U0SMALL02").label()).isEqualTo("Bob Builder");
        assertThat(users.get("U0SMALL03").label()).isEqualTo("U0SMALL03");
        assertThat(users.get("U0SMALL01").tz()).isEqualTo("Europe/Berlin");
    }

    @Test
    void declaredAndResolvedEntries_areWrittenByTheImport() {
        Incident i = importSmall().incident();

        assertThat(entriesOf(i, EntryKind.DECLARED)).singleElement().satisfies(e -> {
            assertThat(e.occurredAt()).isEqualTo(FIRST);
            assertThat(e.source()).isEqualTo(EntrySource.IMPORT);
            assertThat(e.authorId()).isEqualTo("U0SMALL01");
        });
        assertThat(entriesOf(i, EntryKind.RESOLVED)).singleElement().satisfies(e -> {
            assertThat(e.occurredAt()).isEqualTo(LAST);
            assertThat(e.source()).isEqualTo(EntrySource.IMPORT);
        });
    }

    @Test
    void importingTwice_changesNothing() {
        ImportSummary first = importSmall();
        List<TimelineEntry> entriesBefore = db.jdbi().onDemand(TimelineRepository.class)
                .listAllForIncident(TEAM, first.incident().number());

        ImportSummary second = importSmall();

        assertThat(second.incident().number()).isEqualTo(first.incident().number());
        assertThat(second.createdIncident()).isFalse();
        assertThat(second.upToDate()).isTrue();
        assertThat(second.describe()).isEqualTo("INC-" + first.incident().number()
                + " \"payments queue stuck on a poison message\" from #inc-20261201-payments-queue is already up to"
                + " date: 13 messages, 14 timeline entries, 3 action items, 3 participants.");
        assertThat(List.of(second.messages(), second.entries(), second.actionItems(), second.participants()))
                .containsExactly(first.messages(), first.entries(), first.actionItems(), first.participants());
        assertThat(db.jdbi().onDemand(TimelineRepository.class).listAllForIncident(TEAM, first.incident().number()))
                .isEqualTo(entriesBefore);
        assertThat(db.jdbi().onDemand(IncidentRepository.class).listAll()).hasSize(1);
        assertThat(second.incident()).isEqualTo(first.incident());
    }

    @Test
    void laterExportOfTheSameChannel_addsOnlyWhatIsNew_andMovesTheResolution() {
        ImportSummary first = importSmall();
        Path later = ExportFixtures.copyOfSmall(tmp);
        Path day2 = later.resolve(CHANNEL).resolve("2026-12-02.json");
        // A reaction added after the first export: :pushpin: on the first action message.
        ExportFixtures.write(day2, ExportFixtures.read(day2).replaceFirst(
                "\"reactions\": \\[\\{\"name\": \"memo\", \"users\": \\[\"U0SMALL02\"\\], \"count\": 1\\}\\]",
                "\"reactions\": [{\"name\": \"memo\", \"users\": [\"U0SMALL02\"], \"count\": 1},"
                        + " {\"name\": \"pushpin\", \"users\": [\"U0SMALL03\"], \"count\": 1}]"));
        ExportFixtures.write(later.resolve(CHANNEL).resolve("2026-12-03.json"), """
                [
                  {"type": "message", "subtype": "channel_join", "ts": "1796292000.000100", "user": "U0SMALL04",
                   "text": "<@U0SMALL04> has joined the channel"},
                  {"type": "message", "text": "postmortem review booked for Friday", "user": "U0SMALL04",
                   "ts": "1796292060.000200",
                   "reactions": [{"name": "pushpin", "users": ["U0SMALL01"], "count": 1}]}
                ]
                """);

        ImportSummary second = importer.importChannel(later, CHANNEL, ImportOptions.defaults(), progress::add);

        Incident i = second.incident();
        assertThat(i.number()).isEqualTo(first.incident().number());
        assertThat(second.upToDate()).isFalse();
        assertThat(second.newMessages()).isEqualTo(2);
        assertThat(second.newEntries()).isEqualTo(3);
        assertThat(second.newParticipants()).isEqualTo(1);
        assertThat(second.newActionItems()).isZero();
        assertThat(second.describe()).startsWith("Updated INC-" + i.number())
                .contains("15 messages (2 new)", "17 timeline entries (3 new)", "3 action items,",
                        "4 participants (1 new)");
        assertThat(entry(i, EntryKind.EVENT, "1796205600.001000").taggedBy()).isEqualTo("U0SMALL03");
        Instant newLast = SlackTs.toInstant("1796292060.000200");
        assertThat(i.resolvedAt()).isEqualTo(newLast);
        assertThat(entriesOf(i, EntryKind.RESOLVED)).singleElement()
                .extracting(TimelineEntry::occurredAt).isEqualTo(newLast);
        assertThat(entriesOf(i, EntryKind.DECLARED)).hasSize(1);
    }

    @Test
    void laterExport_withAnEditedTaggedMessage_updatesTheEntry_andKeepsTheOldTextAsRevision() {
        Incident i = importSmall().incident();
        Path later = ExportFixtures.copyOfSmall(tmp);
        Path day1 = later.resolve(CHANNEL).resolve("2026-12-01.json");
        ExportFixtures.write(day1, ExportFixtures.read(day1)
                .replace("queue draining\"", "queue drained by 09:40\"")
                .replace("\"ts\": \"1796116560.000000\"", "\"ts\": \"1796118000.000000\""));

        ImportSummary second = importer.importChannel(later, CHANNEL, ImportOptions.defaults(), progress::add);

        TimelineEntry mitigation = entry(i, EntryKind.MITIGATION, "1796116500.000800");
        assertThat(mitigation.text()).endsWith("queue drained by 09:40");
        assertThat(db.jdbi().onDemand(TimelineRepository.class).listRevisions(TEAM, mitigation.id()))
                .containsExactly("skipped the poison message and restarted the consumers; queue draining");
        assertThat(second.upToDate()).isFalse();
        assertThat(second.entries()).isEqualTo(14);
        assertThat(cached("1796116500.000800").editedTs()).isEqualTo("1796118000.000000");
    }

    @Test
    void zipExport_importsLikeTheFolder() {
        Path zip = ExportFixtures.zip(ExportFixtures.small(), tmp.resolve("small.zip"));

        ImportSummary summary = importer.importChannel(zip, CHANNEL, ImportOptions.defaults(), progress::add);

        assertThat(List.of(summary.messages(), summary.entries(), summary.actionItems(), summary.participants()))
                .containsExactly(13, 14, 3, 3);
    }

    @Test
    void zipWrappingTheExportInOneFolder_isReadToo() {
        Path wrapped = tmp.resolve("outer");
        ExportFixtures.copyOfSmall(wrapped);
        Path zip = ExportFixtures.zip(wrapped, tmp.resolve("wrapped.zip"));

        ImportSummary summary = importer.importChannel(zip, CHANNEL, ImportOptions.defaults(), progress::add);

        assertThat(summary.messages()).isEqualTo(13);
    }

    @Test
    void privateChannel_fromGroupsJson_isAPrivateIncident_titledByItsName() {
        ImportSummary summary = importer.importChannel(ExportFixtures.small(), "#" + ExportFixtures.PRIVATE_CHANNEL,
                ImportOptions.defaults(), progress::add);

        Incident i = summary.incident();
        assertThat(i.isPrivate()).isTrue();
        assertThat(i.channelId()).isEqualTo("G0SECRET01");
        assertThat(i.title()).isEqualTo("inc-20261202-secret");
        assertThat(i.severity()).isEqualTo(Severity.SEV3);
        // This channel shared no file; another channel of the same export tells the workspace URL.
        assertThat(entry(i, EntryKind.DETECTION, "1796205060.000200").permalink())
                .isEqualTo("https://small-corp.slack.com/archives/G0SECRET01/p1796205060000200");
    }

    @Test
    void workspaceUrl_isFoundInOtherChannels_evenWithSlashesEscapedTheWaySlackWritesThem() {
        Path export = ExportFixtures.copyOfSmall(tmp);
        Path day1 = export.resolve(CHANNEL).resolve("2026-12-01.json");
        ExportFixtures.write(day1, ExportFixtures.read(day1).replace(
                "\"permalink\": \"https://small-corp.slack.com/files/",
                "\"permalink\":\"https:\\/\\/escaped-corp.slack.com\\/files\\/"));

        ImportSummary summary = importer.importChannel(export, ExportFixtures.PRIVATE_CHANNEL,
                ImportOptions.defaults(), progress::add);

        assertThat(entry(summary.incident(), EntryKind.DETECTION, "1796205060.000200").permalink())
                .startsWith("https://escaped-corp.slack.com/archives/G0SECRET01/");
    }

    @Test
    void options_overrideTitleSeverityAndTeam_andOpenLeavesTheIncidentOpen() {
        ImportOptions options = new ImportOptions(Optional.of("Payments backlog"), Optional.of(Severity.SEV1),
                Optional.of("T0OTHER"), true);

        ImportSummary summary = importer.importChannel(ExportFixtures.small(), CHANNEL, options, progress::add);

        Incident i = summary.incident();
        assertThat(i.title()).isEqualTo("Payments backlog");
        assertThat(i.severity()).isEqualTo(Severity.SEV1);
        assertThat(i.teamId()).isEqualTo("T0OTHER");
        assertThat(i.status()).isEqualTo(IncidentStatus.INVESTIGATING);
        assertThat(i.resolvedAt()).isNull();
        assertThat(entriesOf(i, EntryKind.RESOLVED)).isEmpty();
        assertThat(db.jdbi().onDemand(SlackUserRepository.class).find("T0OTHER", "U0SMALL01")).isPresent();
    }

    @Test
    void openIncident_importedLaterWithoutOpen_isResolvedOnce() {
        ImportOptions open = new ImportOptions(Optional.empty(), Optional.empty(), Optional.empty(), true);
        importer.importChannel(ExportFixtures.small(), CHANNEL, open, progress::add);

        ImportSummary resolved = importSmall();
        ImportSummary again = importSmall();

        assertThat(resolved.upToDate()).isFalse();
        assertThat(resolved.incident().resolvedAt()).isEqualTo(LAST);
        assertThat(again.upToDate()).isTrue();
        assertThat(entriesOf(again.incident(), EntryKind.RESOLVED)).hasSize(1);
    }

    @Test
    void progress_isReportedOnceTheDayFilesAreRead() {
        importSmall();

        assertThat(progress).containsExactly("read 2 day files, 13 messages");
    }

    @Test
    void progressLine_groupsThousands() {
        assertThat(SlackExportReader.progressLine(12, 3204)).isEqualTo("read 12 day files, 3,204 messages");
        assertThat(SlackExportReader.progressLine(1, 1)).isEqualTo("read 1 day file, 1 message");
    }

    @Test
    void title_andSeverity_comeFromTheTopic_withoutTheSevToken() {
        ExportChannel c = new ExportChannel("C1", "inc-x", "SEV1 · checkout outage: API containers crash-looping",
                "purpose", null, false);

        assertThat(SlackExportImporter.titleOf(c)).isEqualTo("checkout outage: API containers crash-looping");
        assertThat(SlackExportImporter.severityOf(c)).contains(Severity.SEV1);
        assertThat(SlackExportImporter.titleOf(new ExportChannel("C1", "inc-x", "Search slow - sev4", null, null,
                false))).isEqualTo("Search slow");
        assertThat(SlackExportImporter.titleOf(new ExportChannel("C1", "inc-x", null, "Purpose text", null, false)))
                .isEqualTo("Purpose text");
        assertThat(SlackExportImporter.severityOf(new ExportChannel("C1", "inc-x", "no token", null, null, false)))
                .isEmpty();
    }

    // Bad input: each names what was wrong, and nothing is written.

    @Test
    void folderWithoutChannelsJson_isNotASlackExport() {
        Path export = ExportFixtures.copyOfSmall(tmp);
        export.resolve("channels.json").toFile().delete();

        assertThatThrownBy(() -> importer.importChannel(export, CHANNEL, ImportOptions.defaults(), progress::add))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("is not a Slack export")
                .hasMessageContaining("channels.json");
        assertNothingWritten();
    }

    @Test
    void unknownChannel_isRefused_listingTheChannelsThatAre() {
        assertThatThrownBy(() -> importer.importChannel(ExportFixtures.small(), "inc-nope", ImportOptions.defaults(),
                progress::add))
                .isInstanceOf(DomainException.class)
                .hasMessage("channel 'inc-nope' is not in small; give --channel one of its channels: general,"
                        + " inc-20261201-payments-queue, inc-20261202-secret");
        assertNothingWritten();
    }

    @Test
    void malformedDayFile_isNamed_withLineAndColumn_andNothingIsWritten() {
        Path export = ExportFixtures.copyOfSmall(tmp);
        ExportFixtures.write(export.resolve(CHANNEL).resolve("2026-12-02.json"), """
                [
                    {"type": "message", "text": "fine", "user": "U0SMALL01", "ts": "1796205600.001000"},
                    {"type": "message", "text": "broken" "user": "U0SMALL01"}
                ]
                """);

        assertThatThrownBy(() -> importer.importChannel(export, CHANNEL, ImportOptions.defaults(), progress::add))
                .isInstanceOf(DomainException.class)
                .hasMessageStartingWith("inc-20261201-payments-queue/2026-12-02.json in export is not valid JSON at"
                        + " line 3, column ");
        assertNothingWritten();
    }

    @Test
    void dayFileThatIsNotAList_isRefused() {
        Path export = ExportFixtures.copyOfSmall(tmp);
        ExportFixtures.write(export.resolve(CHANNEL).resolve("2026-12-02.json"), "{\"messages\": []}");

        assertThatThrownBy(() -> importer.importChannel(export, CHANNEL, ImportOptions.defaults(), progress::add))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("2026-12-02.json in export is not a JSON array");
    }

    @Test
    void zipWithAnEntryThatLeavesTheExport_isRefused_namingTheEntry() {
        Path zip = ExportFixtures.zipOf(tmp.resolve("evil.zip"), Map.of(
                "channels.json", ExportFixtures.read(ExportFixtures.small().resolve("channels.json")),
                "users.json", ExportFixtures.read(ExportFixtures.small().resolve("users.json")),
                "../evil.json", "[]"));

        assertThatThrownBy(() -> importer.importChannel(zip, CHANNEL, ImportOptions.defaults(), progress::add))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("evil.zip has an entry '../evil.json' whose path leaves the export (zip slip)");
        assertNothingWritten();
    }

    @Test
    void zipWithAnAbsoluteEntry_isRefused() {
        Path zip = ExportFixtures.zipOf(tmp.resolve("abs.zip"), Map.of("/etc/cron.d/x", "[]"));

        assertThatThrownBy(() -> importer.importChannel(zip, CHANNEL, ImportOptions.defaults(), progress::add))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("'/etc/cron.d/x'");
    }

    @Test
    void fileThatIsNotAZip_isRefused() {
        Path notZip = tmp.resolve("export.zip");
        ExportFixtures.write(notZip, "hello");

        assertThatThrownBy(() -> importer.importChannel(notZip, CHANNEL, ImportOptions.defaults(), progress::add))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("export.zip is neither a zip file nor a folder");
    }

    @Test
    void missingPath_isRefused() {
        Path missing = tmp.resolve("nope.zip");

        assertThatThrownBy(() -> importer.importChannel(missing, CHANNEL, ImportOptions.defaults(), progress::add))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void channelWithoutDayFiles_isRefused() {
        Path export = ExportFixtures.copyOfSmall(tmp);
        export.resolve("general").resolve("2026-12-01.json").toFile().delete();

        assertThatThrownBy(() -> importer.importChannel(export, "general", ImportOptions.defaults(), progress::add))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("has no messages for #general");
    }

    @Test
    void normalise_resolvesDotsAndRefusesEscapes() {
        assertThat(ExportArchive.normalise("a/./b/../c.json")).contains("a/c.json");
        assertThat(ExportArchive.normalise("a\\b.json")).contains("a/b.json");
        assertThat(ExportArchive.normalise("../x.json")).isEmpty();
        assertThat(ExportArchive.normalise("a/../../x.json")).isEmpty();
        assertThat(ExportArchive.normalise("/x.json")).isEmpty();
        assertThat(ExportArchive.normalise("C:\\x.json")).isEmpty();
    }

    private void assertNothingWritten() {
        assertThat(db.jdbi().onDemand(IncidentRepository.class).listAll()).isEmpty();
        int rows = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT (SELECT count(*) FROM message_cache) + (SELECT count(*) FROM slack_users)")
                .mapTo(Integer.class).one());
        assertThat(rows).isZero();
    }

    @Test
    void exportWhoseMessageTextHoldsANulCharacter_isImported_withoutIt() {
        Path export = ExportFixtures.copyOfSmall(tmp);
        Path day1 = export.resolve(CHANNEL).resolve("2026-12-01.json");
        // The alert text of the small export (a real export's shape), with U+0000 as JSON escapes it.
        ExportFixtures.write(day1, ExportFixtures.read(day1).replace("*[FIRING:1] PaymentsQueueDepth*",
                "*[FIRING:1] Payments\\u0000QueueDepth*"));
        assertThat(ExportFixtures.read(day1)).contains("Payments\\u0000QueueDepth");

        importer.importChannel(export, CHANNEL, ImportOptions.defaults(), progress::add);

        assertThat(cached("1796115660.000200").text()).contains("*[FIRING:1] PaymentsQueueDepth*");
    }
}
