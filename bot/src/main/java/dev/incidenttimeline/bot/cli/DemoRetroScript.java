package dev.incidenttimeline.bot.cli;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the team types in each sample incident's channel after the import, to write its
 * retro: the roles, summary and impact, the key moments as the channel shows them, the root
 * cause statement and its causal chain, the contributing factors, the learnings, and the
 * priority, type and due date of every follow-up. {@code {link:<ts>}} stands for the
 * permalink of the channel's message {@code <ts>}, as Slack sends a pasted link.
 */
final class DemoRetroScript {
    /** One command, as typed by {@code userId} at {@code at}. */
    record Step(String userId, String text) {
    }

    /** A channel's commands and when they are typed (the retro meeting, the day after). */
    record Script(Instant at, List<Step> steps) {
    }

    private static final String PRIYA = "U0DEMO0001";
    private static final String MARCUS = "U0DEMO0002";
    private static final String HANNAH = "U0DEMO0007";

    private DemoRetroScript() {
    }

    static final Map<String, Script> BY_CHANNEL = Map.of(
            "inc-20261110-search-latency", new Script(Instant.parse("2026-11-11T10:00:00Z"), List.of(
                    new Step(MARCUS, "commander <@" + MARCUS + "|marcus>"),
                    new Step(MARCUS, "dri <@" + HANNAH + "|hannah>"),
                    new Step(MARCUS, "summary Search on the storefronts was slow from 13:53 to 14:19 UTC (p99 up to"
                            + " 3 s, p50 four times higher): the rebuilt products index went live with 30 shards and"
                            + " no replicas. Swapping the alias back to the previous index fixed it."),
                    new Step(MARCUS, "impact Slow search for about 26 minutes; no errors and no data lost. Two"
                            + " support tickets from storefronts."),
                    new Step(MARCUS, "started 13:53"),
                    new Step(MARCUS, "detected {link:1794319540.370884}"),
                    new Step(MARCUS, "mitigated 2026-11-10 14:19"),
                    new Step(MARCUS, "resolved-at {link:1794323970.532713}"),
                    new Step(HANNAH, "rootcause The rebuild job's last step, `set_replicas_and_swap`, looked the"
                            + " index template up by its old name; after the rename to `products_*` the lookup"
                            + " failed, so the new index kept its bulk-load settings (30 shards, 0 replicas) and was"
                            + " swapped in anyway."),
                    new Step(HANNAH, "chain The index template was renamed to `products_*`; `set_replicas_and_swap`"
                            + " still looked it up by the old name"),
                    new Step(HANNAH, "chain The lookup failed with a warning, so products_v42 kept the bulk-load"
                            + " settings: 30 shards, 0 replicas"),
                    new Step(HANNAH, "chain The alias was swapped to products_v42 at 13:52 with nothing checking"
                            + " the index first"),
                    new Step(HANNAH, "chain Every query fanned out to 30 shards, each on one node with cold"
                            + " caches, so search p99 rose to 3 s"),
                    new Step(HANNAH, "factor Nothing validated the new index before the alias swap"),
                    new Step(HANNAH, "factor The rebuild job only warned when the template lookup failed"),
                    new Step(MARCUS, "factor Latency was alerted on the cluster, not per index alias"),
                    new Step(MARCUS, "learning went-well The previous index was still there, so swapping back"
                            + " fixed it within minutes"),
                    new Step(MARCUS, "learning went-wrong The alert fired 12 minutes after latency began to"
                            + " rise"),
                    new Step(HANNAH, "learning lucky The rebuild ran on a quiet afternoon, not during a sale"),
                    new Step(MARCUS, "action 1 p1 prevent"),
                    new Step(MARCUS, "action 2 detect"))),
            "inc-20261117-dns-cache-leak", new Script(Instant.parse("2026-11-18T10:00:00Z"), List.of(
                    new Step(HANNAH, "commander <@" + PRIYA + "|priya>"),
                    new Step(HANNAH, "dri <@" + PRIYA + "|priya>"),
                    new Step(HANNAH, "summary Checkout failed for up to 40% of requests from 09:05 to 11:05 UTC, in"
                            + " two waves. A memory leak in the dns-cache 1.9.0 sidecar crash-looped every"
                            + " api-checkout task; the mass restarts exhausted the cloud provider's ENI API rate"
                            + " limit, so the fix could not roll out; once the limit was raised, the burst of new"
                            + " tasks piled up on a table metadata lock in the transaction database."),
                    new Step(HANNAH, "impact Roughly 18k failed checkout attempts between 09:05 and 11:05 UTC (5xx"
                            + " up to 40%, then 504s); support received 412 tickets and the top 40 merchants were"
                            + " contacted by their CSMs. No data was lost; the daily finance export had to be"
                            + " rerun."),
                    new Step(HANNAH, "started 09:05"),
                    new Step(HANNAH, "detected {link:1794906751.096706}"),
                    new Step(HANNAH, "mitigated 2026-11-17 11:05"),
                    new Step(HANNAH, "resolved-at {link:1794922570.692653}"),
                    new Step(PRIYA, "rootcause dns-cache 1.9.0 turned on negative caching by default with no size"
                            + " limit, and our tracing exporter looks up a unique hostname per request, so the"
                            + " sidecar grew until every api-checkout task was OOM-killed; the restarts then"
                            + " exhausted the ENI API rate limit, and the burst of new tasks running"
                            + " `CREATE TABLE IF NOT EXISTS` at boot queued on the metadata lock behind"
                            + " finance_export's long transaction."),
                    new Step(PRIYA, "chain dns-cache 1.9.0, pulled through the floating `:stable` tag with last"
                            + " night's deploy, cached NXDOMAIN answers without a limit, and every sidecar leaked"
                            + " memory"),
                    new Step(PRIYA, "chain Every api-checkout task hit its 1 GB limit and was OOM-killed: the fleet"
                            + " crash-looped, and rolling back the app image could not help"),
                    new Step(PRIYA, "chain Crash-loop restarts, the rollback and the fix (:412) launched ~1,900"
                            + " tasks, each creating an ENI, and the provider's API rate limit throttled launches"),
                    new Step(PRIYA, "chain Once the limit was raised, 600 tasks booted at once, each running"
                            + " `CREATE TABLE IF NOT EXISTS`; they queued on the metadata lock behind"
                            + " finance_export, and all checkout traffic queued behind them"),
                    new Step(HANNAH, "factor The sidecar image used the floating `:stable` tag, so a release reached"
                            + " the whole fleet with the next deploy"),
                    new Step(HANNAH, "factor Rollback tooling only rolls back the app image, not the sidecars"),
                    new Step(HANNAH, "factor The crash loop, the rollback and the fix together blew through the"
                            + " account-wide ENI API rate limit"),
                    new Step(HANNAH, "factor Migrations ran at boot, and `CREATE TABLE IF NOT EXISTS` takes an"
                            + " exclusive metadata lock"),
                    new Step(HANNAH, "factor finance_export ran one long transaction on the txn-db primary at"
                            + " 10:30"),
                    new Step(HANNAH, "factor We alerted on task memory, not memory per container"),
                    new Step(PRIYA, "learning went-well Rolling back ruled out last night's deploy within 20"
                            + " minutes"),
                    new Step(PRIYA, "learning went-well Memory per container found the leaking sidecar 30 minutes"
                            + " after the alert"),
                    new Step(PRIYA, "learning went-well A scribe kept the timeline and tagged the messages as we"
                            + " went"),
                    new Step(PRIYA, "learning went-wrong Impact began at 09:05; the alert fired at 09:12"),
                    new Step(PRIYA, "learning went-wrong The fix could not roll out for half an hour: every launch"
                            + " needed an ENI"),
                    new Step(PRIYA, "learning went-wrong The second wave hit 5 minutes after we called the first"
                            + " one recovering"),
                    new Step(PRIYA, "learning lucky The provider raised the ENI rate 20 minutes after the support"
                            + " case"),
                    new Step(PRIYA, "learning lucky An upstream issue already described the leak"),
                    new Step(HANNAH, "action 1 p1 prevent"),
                    new Step(HANNAH, "action 2 p1"),
                    new Step(HANNAH, "action 3 p1 detect"),
                    new Step(HANNAH, "action 4 prevent"),
                    new Step(HANNAH, "action 5 p3 process"),
                    new Step(HANNAH, "action 6 p1"),
                    new Step(HANNAH, "action 7 process due 2026-11-20"))));
}
