package dev.ordertotals.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One ledger entry in the aggregator's state table: per order, what the totals currently count for it (see the
 * function's {@code LedgerTable} for how it is written). The function writes it; {@code verify}, {@code reconcile}
 * and {@code quarantine} read it; the stack declares its keys, TTL and index.
 */
public final class LedgerItem {

    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";
    /** Set when the order is deleted, so its tombstone goes away once no redelivery can reach it. */
    public static final String TTL_ATTRIBUTE = "expires_at";
    /** The partition key is this prefix and the order's key, so other kinds of item can share the table. */
    public static final String ORDER_PREFIX = "order#";
    /**
     * After {@link #ORDER_PREFIX}, marks a partition key that holds the SHA-256 of the order's identity rather than
     * the identity itself (see {@link #partitionKey}).
     */
    public static final String HASHED_MARKER = "#sha256:";
    /** DynamoDB's limit on a partition key value, in UTF-8 bytes. */
    public static final int MAX_PARTITION_KEY_BYTES = 2_048;

    public static final String LEDGER_SORT_KEY = "ledger";

    /** The order's primary key as a map, so tools can look the order up. */
    public static final String ORDER_KEY = "order_key";

    /**
     * What the totals count for the order: a map from aggregation name to {@code {"k": [key values...], "m": {measure:
     * N...}}}; absent when the order counts nothing.
     */
    public static final String CONTRIBUTIONS = "contributions";
    /** In each part of {@link #CONTRIBUTIONS}: the total's key values, in the aggregation's group-by order. */
    public static final String PART_KEY = "k";
    /** In each part of {@link #CONTRIBUTIONS}: each measure's value. */
    public static final String PART_MEASURES = "m";
    /**
     * A fingerprint of {@link #CONTRIBUTIONS} (present exactly when it is), so the function's write can expect a
     * contribution with one comparison.
     */
    public static final String DIGEST = "digest";

    /**
     * The contribution as entries written before declared aggregations held it (the source document's aggregation
     * only): read as that aggregation's part, removed by the entry's next write.
     */
    public static final String LEGACY_COUNTED_DATE = "counted_date";

    public static final String LEGACY_COUNTED_ITEM = "counted_item";
    public static final String LEGACY_COUNTED_QUANTITY = "counted_quantity";
    /** Incremented by every write, so {@code reconcile} can commit "as I read it". */
    public static final String VERSION = "version";
    /** Recent stream eventIDs, one string set per UTC day of processing (day number mod 3). */
    public static final List<String> EVENT_SETS = List.of("events_0", "events_1", "events_2");

    public static final String QUARANTINE_KIND = "quarantine_kind";
    public static final String QUARANTINE_REASON = "quarantine_reason";
    public static final String QUARANTINE_EVENT = "quarantine_event";
    public static final String QUARANTINED_AT = "quarantined_at";
    public static final String QUARANTINE_IMAGE = "quarantine_image";
    /** The partition key of the sparse index {@value #QUARANTINE_INDEX}. */
    public static final String QUARANTINE_SHARD = "quarantine_shard";

    public static final String QUARANTINE_INDEX = "Quarantine";
    /** Quarantined orders are spread over this many index partitions, so no key is hot. */
    public static final int QUARANTINE_SHARDS = 8;
    /** Quarantine kind: the latest image is not a valid order. */
    public static final String MALFORMED = "malformed";
    /** Quarantine kind: DynamoDB refused to apply a record, which is parked with its reason. */
    public static final String REFUSED = "refused";

    private LedgerItem() {}

    /**
     * The partition key of an order's ledger entry: {@link #ORDER_PREFIX} and the order's identity (its key as
     * {@code OrderKeys.canonical} writes it), readable in the console. An identity that would make the key longer
     * than DynamoDB allows ({@value #MAX_PARTITION_KEY_BYTES} bytes: an order key near that limit, a binary key,
     * a composite one) is replaced by {@link #HASHED_MARKER} and its SHA-256, and so is one that starts with the
     * marker itself, so the two forms never meet: the mapping stays one-to-one. The order's key is kept on the
     * entry either way ({@link #ORDER_KEY}).
     */
    public static String partitionKey(String orderKey) {
        String plain = ORDER_PREFIX + orderKey;
        if (!orderKey.startsWith(HASHED_MARKER)
                && plain.getBytes(StandardCharsets.UTF_8).length <= MAX_PARTITION_KEY_BYTES) {
            return plain;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(orderKey.getBytes(StandardCharsets.UTF_8));
            return ORDER_PREFIX
                    + HASHED_MARKER
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The quarantine index partition an order's note goes to: a stable spread over the shards. */
    public static String quarantineShard(String orderKey) {
        return shardName(Math.floorMod(orderKey.hashCode(), QUARANTINE_SHARDS));
    }

    /** Every quarantine index partition, for readers of the index. */
    public static List<String> quarantineShards() {
        return IntStream.range(0, QUARANTINE_SHARDS)
                .mapToObj(LedgerItem::shardName)
                .toList();
    }

    private static String shardName(int shard) {
        return "q" + shard;
    }
}
