package dev.ordertotals.examples.pageviews;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ordertotals.contract.FunctionEnvironment;
import dev.ordertotals.contract.LedgerItem;
import dev.ordertotals.ledger.QuarantineIndex;
import dev.ordertotals.ledger.QuarantinedOrder;
import dev.ordertotals.localengine.MotoServer;
import dev.ordertotals.localengine.eventsource.EventSourceSettings;
import dev.ordertotals.localengine.eventsource.Faults;
import dev.ordertotals.localengine.template.StackTemplate;
import dev.ordertotals.localengine.template.TableSpec;
import dev.ordertotals.localrunner.local.LocalRun;
import dev.ordertotals.stream.AggregationsConfig;
import dev.ordertotals.testsupport.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The page-views app run on the local engine as it deploys: its synthesized template's tables on moto, the function's
 * jar in a JVM of its own with the template's environment ({@code AGGREGATIONS} resolved to the local tables), fed by
 * the event source emulator from the page views' stream. Views are written, changed (seconds, page, day), deleted,
 * and one has {@code seconds} "abc"; the totals must then equal a recomputation from the page-views table, exactly.
 */
class PageViewsLocalRunTest {

    private static final String VIEWS_PER_DAY_AND_PAGE = PageViewsStack.VIEWS_PER_DAY_AND_PAGE.name();

    /** Views, seconds. */
    record Figures(long views, long seconds) {

        Figures plus(Figures other) {
            return new Figures(views + other.views, seconds + other.seconds);
        }
    }

    private static final ConcurrentLinkedQueue<String> functionLog = new ConcurrentLinkedQueue<>();
    private static Path outdir;
    private static StackTemplate template;
    private static LocalRun run;
    private static DynamoDbClient dynamo;
    private static String pageViews;
    private static int writes;

    @BeforeAll
    static void runThePageViewsAppLocally() throws Exception {
        outdir = Files.createTempDirectory("page-views-synth-");
        template = StackTemplate.read(SynthesizedPageViews.templateFile(outdir));
        run = LocalRun.start(
                template,
                MotoServer.shared().endpoint(),
                new LocalRun.Options(
                        Optional.empty(),
                        Names.uniquePrefix(),
                        EventSourceSettings.Timings.interactive(),
                        Faults.NONE,
                        functionLog::add,
                        line -> {},
                        false));
        dynamo = run.dynamo();
        pageViews = run.ordersTable();

        writeHandCountedViews();
        writeRandomViews(new Random(20260301));

        run.emulator().awaitDrained(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stop() throws IOException {
        if (run != null) {
            run.close();
        }
        // The cloud assembly holds a copy of the function jar.
        try (Stream<Path> files = Files.walk(outdir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** On days of their own (February), so their totals can be written out here. */
    private static void writeHandCountedViews() {
        put("v1", "/home", "2026-02-28T10:00:00Z", 30);
        put("v2", "/home", "2026-02-28T11:30:00Z", 45);
        put("v3", "/pricing", "2026-02-28T23:59:59+02:00", 12); // the date as written: the 28th
        put("v4", "/docs", "2026-02-27T08:00:00Z", 100);
        put("v5", "/docs", "2026-02-28T09:00:00Z", 0); // a view of no seconds still counts as a view
        put("v6", "/blog", "2026-02-28T12:00:00Z", 7);
        put(view("bad", "/home", "2026-02-28T13:00:00Z", AttributeValue.fromS("abc")));

        put("v1", "/home", "2026-02-28T10:00:00Z", 50); // more seconds
        put("v2", "/pricing", "2026-02-28T11:30:00Z", 45); // another page
        put("v4", "/docs", "2026-02-28T08:00:00Z", 100); // another day
        delete("v4");
        delete("v6");
    }

    /**
     * Views over three days of March and four pages, then changes of seconds and page, deletes and re-creations. Every
     * change changes the view (a write of the same item again may make no stream record).
     */
    private static void writeRandomViews(Random random) {
        List<String> pages = List.of("/home", "/pricing", "/docs", "/blog");
        List<String> live = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            String id = "r" + n;
            put(id, pages.get(random.nextInt(pages.size())), randomTime(random), 1 + random.nextInt(300));
            live.add(id);
        }
        for (int n = 0; n < 40; n++) {
            int kind = random.nextInt(10);
            if (kind < 2 && !deleted.isEmpty()) {
                String id = deleted.remove(random.nextInt(deleted.size()));
                put(id, pages.get(random.nextInt(pages.size())), randomTime(random), random.nextInt(300));
                live.add(id);
                continue;
            }
            String id = live.get(random.nextInt(live.size()));
            Map<String, AttributeValue> view = current(id);
            if (kind < 6) {
                long seconds = Long.parseLong(view.get("seconds").n()) + 1 + random.nextInt(600);
                view.put("seconds", AttributeValue.fromN(Long.toString(seconds)));
                put(view);
            } else if (kind < 8) {
                String page = view.get("page").s();
                view.put("page", AttributeValue.fromS(pages.get((pages.indexOf(page) + 1 + random.nextInt(3)) % 4)));
                put(view);
            } else {
                delete(id);
                live.remove(id);
                deleted.add(id);
            }
        }
    }

    @Test
    void theTotalsAreExactlyARecomputationFromThePageViewsTable() {
        assertThat(nonZeroTotals())
                .as("function log:%n%s", String.join(System.lineSeparator(), functionLog))
                .isNotEmpty()
                .isEqualTo(recomputedFromPageViews());
    }

    @Test
    void theHandWrittenViewsGiveTheHandCountedTotals() {
        assertThat(nonZeroTotals())
                .containsEntry("2026-02-28|/home", new Figures(1, 50))
                .containsEntry("2026-02-28|/pricing", new Figures(2, 57))
                .containsEntry("2026-02-28|/docs", new Figures(1, 0))
                .doesNotContainKeys("2026-02-27|/docs", "2026-02-28|/blog");
    }

    @Test
    void theViewWithSecondsAbcIsQuarantinedNamingTheAggregation() {
        List<QuarantinedOrder> quarantined = QuarantineIndex.list(dynamo, run.ledgerTable());

        assertThat(quarantined).hasSize(1);
        QuarantinedOrder bad = quarantined.getFirst();
        assertThat(bad.orderKey()).isEqualTo("bad");
        assertThat(bad.kind()).isEqualTo(LedgerItem.MALFORMED);
        assertThat(bad.reason())
                .contains("aggregation " + VIEWS_PER_DAY_AND_PAGE + ": seconds must be a number (N), got S");
    }

    @Test
    void theFunctionsAggregationsNameTheLocalPageTotalsTable() {
        String aggregations = run.deployment().environment(template.function()).get(FunctionEnvironment.AGGREGATIONS);

        assertThat(AggregationsConfig.fromJson(aggregations).all())
                .containsExactly(PageViewsStack.VIEWS_PER_DAY_AND_PAGE.withTable(pageTotals()));
    }

    @Test
    void everyRecordWasProcessedAndNoneGivenUp() {
        assertThat(run.emulator().stats().recordsProcessed()).isEqualTo(writes);
        assertThat(run.emulator().stats().recordsGivenUp()).isZero();
    }

    /** Per {@code day|page}, the views and seconds of the page views that are whole numbers of seconds. */
    private static Map<String, Figures> recomputedFromPageViews() {
        Map<String, Figures> totals = new TreeMap<>();
        dynamo.scanPaginator(request -> request.tableName(pageViews).consistentRead(true))
                .items()
                .forEach(view -> {
                    AttributeValue seconds = view.get("seconds");
                    if (seconds == null || seconds.n() == null) {
                        return; // "abc": malformed, counted nowhere (and quarantined)
                    }
                    String day = view.get("viewed_at").s().substring(0, "YYYY-MM-DD".length());
                    totals.merge(
                            day + "|" + view.get("page").s(),
                            new Figures(1, Long.parseLong(seconds.n())),
                            Figures::plus);
                });
        return totals;
    }

    /** The page totals table, but totals every view of which has gone (views and seconds 0). */
    private static Map<String, Figures> nonZeroTotals() {
        Map<String, Figures> totals = new TreeMap<>();
        dynamo.scanPaginator(request -> request.tableName(pageTotals()).consistentRead(true))
                .items()
                .forEach(total -> {
                    Figures figures = new Figures(number(total.get("views")), number(total.get("seconds")));
                    if (!figures.equals(new Figures(0, 0))) {
                        totals.put(
                                total.get("day").s() + "|" + total.get("page").s(), figures);
                    }
                });
        return totals;
    }

    /** The local name of the table the stack keys by day and page. */
    private static String pageTotals() {
        TableSpec table = template.tables().values().stream()
                .filter(spec -> spec.keySchema()
                        .equals(List.of(new TableSpec.Key("day", "HASH"), new TableSpec.Key("page", "RANGE"))))
                .findFirst()
                .orElseThrow();
        return run.deployment().tableName(table.logicalId());
    }

    private static long number(AttributeValue value) {
        return value == null ? 0 : Long.parseLong(value.n());
    }

    private static String randomTime(Random random) {
        return "2026-03-%02dT%02d:%02d:00Z".formatted(1 + random.nextInt(3), random.nextInt(24), random.nextInt(60));
    }

    private static void put(String id, String page, String viewedAt, long seconds) {
        put(view(id, page, viewedAt, AttributeValue.fromN(Long.toString(seconds))));
    }

    private static Map<String, AttributeValue> view(String id, String page, String viewedAt, AttributeValue seconds) {
        return new TreeMap<>(Map.of(
                "view_id", AttributeValue.fromS(id),
                "page", AttributeValue.fromS(page),
                "viewed_at", AttributeValue.fromS(viewedAt),
                "seconds", seconds));
    }

    private static void put(Map<String, AttributeValue> view) {
        dynamo.putItem(request -> request.tableName(pageViews).item(view));
        writes++;
    }

    private static void delete(String id) {
        dynamo.deleteItem(request -> request.tableName(pageViews).key(Map.of("view_id", AttributeValue.fromS(id))));
        writes++;
    }

    private static Map<String, AttributeValue> current(String id) {
        return new TreeMap<>(dynamo.getItem(request -> request.tableName(pageViews)
                        .key(Map.of("view_id", AttributeValue.fromS(id)))
                        .consistentRead(true))
                .item());
    }
}
