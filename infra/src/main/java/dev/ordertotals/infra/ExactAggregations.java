package dev.ordertotals.infra;

import dev.ordertotals.contract.PipelineTags;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Exact aggregation of an orders table's stream, as one construct: orders are written to {@link OrdersTable} (or
 * the app's own table, {@link ExactAggregationsProps#ordersTable()}); its stream feeds {@link AggregatorFunction},
 * which keeps {@link TotalsTable} exact using {@link LedgerTable}; batches it gives up on are reported to
 * {@link OnFailureQueue}; {@link AggregatorMonitoring} alarms on lag, failures and quarantined records and draws the
 * dashboard. {@link DataEncryption} is the key (if any) every table, the queue and the log group are encrypted with.
 *
 * <p>{@link OrderTotalsStack} creates it with the id {@value #STACK_ID}, which CDK leaves out of logical ids: the
 * resources keep the logical ids they were first deployed with, before the construct existed.
 */
public final class ExactAggregations extends Construct {

    /** The id under which a stack holds its one instance without it showing in the logical ids. */
    public static final String STACK_ID = "Default";

    private final DataEncryption encryption;
    private final OrdersTable orders;
    private final TotalsTable totals;
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
        this.totals = new TotalsTable(this, "TotalsTable", dataPolicy, encryption);
        // Its construct id keeps the name it was first deployed with: a new id would replace the table.
        this.ledger = new LedgerTable(this, "AggregatorStateTable", dataPolicy, encryption);
        this.onFailure = new OnFailureQueue(this, "OnFailureQueue", dataPolicy, encryption);
        this.aggregator = new AggregatorFunction(
                this,
                "AggregatorFunction",
                settings,
                new AggregatorFunction.Wiring(orders.table(), totals.table(), ledger.table(), onFailure),
                encryption);
        this.monitoring = new AggregatorMonitoring(this, "AggregatorMonitoring", settings, aggregator, onFailure);

        justifyBackups();
        tagPipeline();
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
        NagSuppression.suppressInCompliancePacks(
                totals.table(),
                NagSuppression.IN_BACKUP_PLAN,
                "Derived data: `reconcile` rebuilds every total from the orders table, online. Point-in-time recovery is on "
                        + "(35 days) for a faster restore; a backup plan would keep nothing that the orders table's "
                        + "backups and a recompute do not give back.");
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
        tag(totals.table(), PipelineTags.ROLE_TOTALS, ordersTable);
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

    public TotalsTable totals() {
        return totals;
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
