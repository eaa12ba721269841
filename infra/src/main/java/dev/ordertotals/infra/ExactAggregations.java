package dev.ordertotals.infra;

import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.contract.aggregation.Aggregation;
import dev.ordertotals.contract.aggregation.AggregationDeclarations;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Exact aggregation of an orders table's stream, as one construct: orders are written to {@link OrdersTable} (or
 * the app's own table, {@link ExactAggregationsProps#ordersTable()}); its stream feeds {@link AggregatorFunction},
 * which keeps {@link TotalsTable} exact using {@link LedgerTable}; batches it gives up on are reported to
 * {@link OnFailureQueue}; {@link AggregatorMonitoring} alarms on lag, failures and quarantined records and draws the
 * dashboard. {@link DataEncryption} is the key (if any) every table, the queue and the log group are encrypted with.
 *
 * <p>Beside the default aggregation (per day and item, the sum of {@code quantity}, in {@link TotalsTable}), the
 * props may declare more ({@link DeclaredAggregations}): each label other than
 * {@value DeclaredAggregations#DEFAULT_TABLE} becomes a {@link TotalsTable} of its own (construct id: the label),
 * built, granted, tagged and justified like the default one, and the function is told every aggregation in
 * {@link dev.ordertotals.contract.FunctionEnvironment#AGGREGATIONS}.
 *
 * <p>On a source table that holds no orders (page views, say: {@code examples/page-views}), the app passes its table
 * and {@link ExactAggregationsProps#keepOrderTotals() keepOrderTotals(false)}: the construct then keeps only the
 * declared aggregations, and creates no default totals table.
 *
 * <p>{@link OrderTotalsStack} creates it with the id {@value #STACK_ID}, which CDK leaves out of logical ids: the
 * resources keep the logical ids they were first deployed with, before the construct existed.
 */
public final class ExactAggregations extends Construct {

    /** The id under which a stack holds its one instance without it showing in the logical ids. */
    public static final String STACK_ID = "Default";

    private final DataEncryption encryption;
    private final OrdersTable orders;
    /** Empty with {@code keepOrderTotals(false)}. */
    private final Optional<TotalsTable> totals;

    private final Map<String, TotalsTable> declaredTables;
    private final List<Aggregation> aggregations;
    private final LedgerTable ledger;
    private final OnFailureQueue onFailure;
    private final AggregatorFunction aggregator;
    private final AggregatorMonitoring monitoring;

    public ExactAggregations(Construct scope, String id, ExactAggregationsProps props) {
        super(scope, id);
        OrderTotalsSettings settings = props.settings();
        // Tables and queue hold data: destroyed with the stack by default, as the source's clean-up expects.
        RemovalPolicy dataPolicy = settings.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        this.encryption = new DataEncryption(this, "DataEncryption", settings.encryptionKey(), dataPolicy);

        this.orders = props.ordersTable()
                .map(appsTable -> new OrdersTable(this, "OrdersTable", appsTable))
                .orElseGet(
                        () -> new OrdersTable(this, "OrdersTable", dataPolicy, encryption, settings.existingOrders()));
        this.totals = props.keepOrderTotals()
                ? Optional.of(new TotalsTable(this, "TotalsTable", dataPolicy, encryption))
                : Optional.empty();
        this.declaredTables = createDeclaredTables(props.aggregations(), dataPolicy);
        this.aggregations = DeclaredAggregations.all(props.aggregations(), props.keepOrderTotals());
        // Its construct id keeps the name it was first deployed with: a new id would replace the table.
        this.ledger = new LedgerTable(this, "AggregatorStateTable", dataPolicy, encryption);
        this.onFailure = new OnFailureQueue(this, "OnFailureQueue", dataPolicy, encryption);
        this.aggregator = new AggregatorFunction(
                this,
                "AggregatorFunction",
                settings,
                new AggregatorFunction.Wiring(
                        orders.table(),
                        totals.map(table -> (ITable) table.table()),
                        ledger.table(),
                        onFailure,
                        declaredTables.values().stream()
                                .map(table -> (ITable) table.table())
                                .toList(),
                        aggregationsVariable(props.aggregations())),
                encryption);
        this.monitoring = new AggregatorMonitoring(this, "AggregatorMonitoring", settings, aggregator, onFailure);

        justifyBackups();
        tagPipeline();
    }

    /** A totals table per new label, keyed by the {@code groupBy} attributes of the aggregations into it. */
    private Map<String, TotalsTable> createDeclaredTables(List<Aggregation> declared, RemovalPolicy dataPolicy) {
        Map<String, TotalsTable> tables = new LinkedHashMap<>();
        DeclaredAggregations.newTables(declared).forEach((label, first) -> {
            List<String> keys = first.keyAttributes();
            tables.put(
                    label,
                    new TotalsTable(
                            this,
                            label,
                            dataPolicy,
                            encryption,
                            keys.getFirst(),
                            keys.size() > 1 ? Optional.of(keys.get(1)) : Optional.empty()));
        });
        return Collections.unmodifiableMap(tables);
    }

    /**
     * {@code AGGREGATIONS} for the function, only when aggregations are declared: every aggregation, the default one
     * first (if kept), each label replaced by its table's name (a token: CloudFormation renders the JSON as an
     * {@code Fn::Join} of the text and the tables' {@code Ref}s).
     */
    private Optional<String> aggregationsVariable(List<Aggregation> declared) {
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        List<Aggregation> named = aggregations.stream()
                .map(aggregation -> aggregation.withTable(
                        totalsTable(aggregation.table()).table().getTableName()))
                .toList();
        return Optional.of(Stack.of(this).toJsonString(AggregationDeclarations.toPlain(named)));
    }

    /** The totals table a label names: the default one for {@value DeclaredAggregations#DEFAULT_TABLE}. */
    public TotalsTable totalsTable(String label) {
        if (label.equals(DeclaredAggregations.DEFAULT_TABLE) && totals.isPresent()) {
            return totals.get();
        }
        TotalsTable table = declaredTables.get(label);
        if (table == null) {
            throw new IllegalArgumentException("no totals table is labelled '" + label + "'");
        }
        return table;
    }

    /**
     * Every table has point-in-time recovery (35 days, to the second); none is in an AWS Backup plan, which the
     * NIST 800-53 rev 5 and HIPAA Security packs ask for. Why not, table by table.
     */
    private void justifyBackups() {
        if (orders.owned()) {
            NagSuppression.suppressInCompliancePacks(
                    orders.table(),
                    NagSuppression.IN_BACKUP_PLAN,
                    "Point-in-time recovery is on: 35 days of continuous backups, restorable to any second. Longer retention "
                            + "and copies to another vault or account belong in the organization's AWS Backup plans, which "
                            + "select resources across stacks (by tag or an AWS Organizations backup policy); a plan inside "
                            + "this stack would duplicate them and be deleted with it.");
        }
        totals.ifPresent(table -> NagSuppression.suppressInCompliancePacks(
                table.table(),
                NagSuppression.IN_BACKUP_PLAN,
                "Derived data: `reconcile` rebuilds every total from the orders table, online. Point-in-time recovery is on "
                        + "(35 days) for a faster restore; a backup plan would keep nothing that the orders table's "
                        + "backups and a recompute do not give back."));
        declaredTables.forEach((label, table) -> NagSuppression.suppressInCompliancePacks(
                table.table(),
                NagSuppression.IN_BACKUP_PLAN,
                "Derived data, the totals of declared aggregations: they are sums and counts of the orders table's items, "
                        + "which a recompute from that table gives back. Point-in-time recovery is on (35 days) for a "
                        + "faster restore; a backup plan would keep nothing that the orders table's backups do not."));
        NagSuppression.suppressInCompliancePacks(
                ledger.table(),
                NagSuppression.IN_BACKUP_PLAN,
                "The ledger is derived data: per order, what the totals count, which `reconcile` rebuilds from the "
                        + "orders table, online; its eventIDs only guard against redelivery within the stream's 24 hours. "
                        + "Point-in-time recovery is on (35 days); long-term backups would keep nothing to restore.");
    }

    /**
     * Tags by which the tools tell that tables (and the queue) belong together ({@link PipelineTags}): every resource
     * the construct creates carries the stack's id and its role; the totals table, the ledger and the queue also
     * carry the name of the orders table, which covers an orders table the construct does not own (and so does not
     * tag).
     */
    private void tagPipeline() {
        String ordersTable = orders.table().getTableName();
        if (orders.owned()) {
            tag(orders.table(), PipelineTags.ROLE_ORDERS, null);
        }
        totals.ifPresent(table -> tag(table.table(), PipelineTags.ROLE_TOTALS, ordersTable));
        declaredTables.values().forEach(table -> tag(table.table(), PipelineTags.ROLE_TOTALS, ordersTable));
        tag(ledger.table(), PipelineTags.ROLE_LEDGER, ordersTable);
        tag(onFailure.queue(), PipelineTags.ROLE_ON_FAILURE_QUEUE, ordersTable);
    }

    private void tag(IConstruct resource, String role, String ordersTable) {
        Tags tags = Tags.of(resource);
        tags.add(PipelineTags.PIPELINE, Stack.of(this).getStackId());
        tags.add(PipelineTags.ROLE, role);
        if (ordersTable != null) {
            tags.add(PipelineTags.ORDERS_TABLE, ordersTable);
        }
    }

    public DataEncryption encryption() {
        return encryption;
    }

    public OrdersTable orders() {
        return orders;
    }

    /**
     * The default totals table (per day and item).
     *
     * @throws IllegalStateException when built with {@code keepOrderTotals(false)}, which creates none
     */
    public TotalsTable totals() {
        return totals.orElseThrow(() -> new IllegalStateException(getNode().getPath()
                + " keeps no order totals (keepOrderTotals(false)): only the declared aggregations' tables,"
                + " declaredTables()"));
    }

    /** Whether the default aggregation and its totals table are kept ({@code keepOrderTotals}). */
    public boolean keepsOrderTotals() {
        return totals.isPresent();
    }

    /** The totals tables of declared aggregations, by label, in the order declared. */
    public Map<String, TotalsTable> declaredTables() {
        return declaredTables;
    }

    /**
     * Every aggregation the function keeps: the default one (into {@value DeclaredAggregations#DEFAULT_TABLE}) unless
     * {@code keepOrderTotals(false)}, then the declared ones, each {@code table} a label.
     */
    public List<Aggregation> aggregations() {
        return aggregations;
    }

    public LedgerTable ledger() {
        return ledger;
    }

    public OnFailureQueue onFailure() {
        return onFailure;
    }

    public AggregatorFunction aggregator() {
        return aggregator;
    }

    public AggregatorMonitoring monitoring() {
        return monitoring;
    }
}
