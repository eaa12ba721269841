package dev.ordertotals.operator.aws;

import dev.ordertotals.contract.PipelineTags;
import dev.ordertotals.contract.aggregation.Aggregation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Before a tool reads or writes anything: every table (and queue) it was given exists, and they are one pipeline's.
 * The stack tags what it creates ({@link PipelineTags}): the stack's id, each resource's role, and on the totals
 * table, the ledger and the queue the name of the orders table. A mistyped name, or tables of two stacks, would
 * otherwise let {@code reconcile} tombstone one pipeline's ledger against another's orders, or {@code replay} apply
 * one stack's records to another's totals.
 *
 * <p>Each refusal is one line: what does not match, both sides, and {@value #OVERRIDE}, which turns the refusal into
 * a warning for whoever knows the tables belong together (tables made by hand, or by a stack deployed before the
 * tags existed: a deploy of the current stack adds them in place).
 */
public final class PipelineCheck {

    /** The option that turns the check's refusals into warnings. */
    public static final String OVERRIDE = "--ignore-pipeline-tags";

    private final String where;
    private final boolean ignoreTags;
    private final Consumer<String> warnings;
    private final List<Resource> resources = new ArrayList<>();
    private boolean offerOverride = true;

    /**
     * @param where what the tools talk to, for "no such table" lines ({@link AwsClients#where()})
     * @param ignoreTags {@value #OVERRIDE}: mismatches are printed as warnings and the tool goes on
     * @param warnings where a warning line goes (stderr)
     */
    public PipelineCheck(String where, boolean ignoreTags, Consumer<String> warnings) {
        this.where = where;
        this.ignoreTags = ignoreTags;
        this.warnings = warnings;
    }

    /**
     * A table or the queue, as found: {@code option} is how the user named it ({@code --state-table}, or {@code the
     * stack's StateTableName}).
     *
     * @param created when the table was created; empty for a queue. A table deleted and created again under the same
     *     name is another table.
     */
    public record Resource(
            String option, String role, String name, String arn, Optional<Instant> created, Map<String, String> tags) {

        Optional<String> tag(String key) {
            return Optional.ofNullable(tags.get(key));
        }

        String describe() {
            return option + " " + name;
        }
    }

    /** What the check found: the resources by role, and the pipeline they belong to (empty: not tagged). */
    public record Verified(Map<String, Resource> byRole, Optional<String> pipeline, Optional<String> ordersTable) {

        public Resource get(String role) {
            Resource resource = byRole.get(role);
            if (resource == null) {
                throw new IllegalStateException("no " + role + " resource was checked");
            }
            return resource;
        }
    }

    /** For a command without {@value #OVERRIDE}: its refusals do not mention it. */
    public PipelineCheck withoutOverride() {
        offerOverride = false;
        return this;
    }

    /** Looks up a table: it must exist; its ARN, creation time and tags are read. */
    public PipelineCheck table(DynamoDbClient dynamo, String option, String role, String name) {
        TableDescription table;
        try {
            table = dynamo.describeTable(request -> request.tableName(name)).table();
        } catch (ResourceNotFoundException e) {
            throw new IllegalArgumentException(option + " " + name + ": no such table at " + where
                    + "; check the name (and --region, --profile or --endpoint-url)");
        }
        Map<String, String> tags = tags(option, name, () -> {
            Map<String, String> all = new LinkedHashMap<>();
            String next = null;
            do {
                String token = next;
                ListTagsOfResourceResponse page = dynamo.listTagsOfResource(
                        request -> request.resourceArn(table.tableArn()).nextToken(token));
                page.tags().forEach((Tag tag) -> all.put(tag.key(), tag.value()));
                next = page.nextToken();
            } while (next != null && !next.isEmpty());
            return all;
        });
        resources.add(new Resource(
                option, role, name, table.tableArn(), Optional.ofNullable(table.creationDateTime()), tags));
        return this;
    }

    /**
     * Looks up the totals table of each of {@code aggregations} other than {@code totals} (each table once, named by
     * the first aggregation keeping its totals there): the pipeline's totals tables, as the stack tags those of the
     * aggregations it declares.
     */
    public static PipelineCheck aggregationTables(
            PipelineCheck check, DynamoDbClient dynamo, List<Aggregation> aggregations, Optional<String> totals) {
        Set<String> seen = new HashSet<>();
        totals.ifPresent(seen::add);
        for (Aggregation aggregation : aggregations) {
            if (seen.add(aggregation.table())) {
                check.table(
                        dynamo,
                        "aggregation " + aggregation.name() + "'s table",
                        PipelineTags.ROLE_TOTALS,
                        aggregation.table());
            }
        }
        return check;
    }

    /** Looks up the queue by its URL: it must exist; its ARN and tags are read. */
    public PipelineCheck queue(SqsClient sqs, String option, String url) {
        String arn;
        try {
            arn = sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
        } catch (QueueDoesNotExistException e) {
            throw new IllegalArgumentException(option + " " + url + ": no such queue at " + where
                    + "; check the URL (and --region, --profile or --endpoint-url)");
        }
        Map<String, String> tags = tags(
                option,
                url,
                () -> new LinkedHashMap<>(
                        sqs.listQueueTags(request -> request.queueUrl(url)).tags()));
        resources.add(new Resource(option, PipelineTags.ROLE_ON_FAILURE_QUEUE, url, arn, Optional.empty(), tags));
        return this;
    }

    /**
     * Checks that the resources looked up are one pipeline's: each in the role it is used for, all of the same
     * pipeline, and the orders table the one the others name. Refuses (an {@link IllegalArgumentException} of one
     * line) or, with {@value #OVERRIDE}, warns.
     */
    public Verified verify() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            if (!ignoreTags) {
                throw new IllegalArgumentException(problems.getFirst()
                        + (offerOverride ? " (or pass " + OVERRIDE + " if you know they belong together)" : ""));
            }
            problems.forEach(problem -> warnings.accept("warning: " + problem + "; going on (" + OVERRIDE + ")"));
        }
        Map<String, Resource> byRole = new LinkedHashMap<>();
        // The first of a role: the totals table named as such comes before those of declared aggregations.
        resources.forEach(resource -> byRole.putIfAbsent(resource.role(), resource));
        Optional<String> pipeline = resources.stream()
                .map(resource -> resource.tag(PipelineTags.PIPELINE))
                .flatMap(Optional::stream)
                .findFirst();
        Optional<String> ordersTable = resources.stream()
                .map(resource -> resource.role().equals(PipelineTags.ROLE_ORDERS)
                        ? Optional.of(resource.name())
                        : resource.tag(PipelineTags.ORDERS_TABLE))
                .flatMap(Optional::stream)
                .findFirst();
        return new Verified(byRole, pipeline, ordersTable);
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Resource resource : resources) {
            resource.tag(PipelineTags.ROLE)
                    .filter(role -> !role.equals(resource.role()))
                    .ifPresent(role -> problems.add(resource.describe() + " is its pipeline's " + what(role) + " (tag "
                            + PipelineTags.ROLE + "=" + role + "), not " + article(resource.role())));
        }
        // An orders table the stack attached to is not the stack's to tag: the others name it instead. One resource
        // alone (quarantine's ledger) belongs with nothing else.
        List<Resource> mustBeTagged = resources.size() < 2
                ? List.of()
                : resources.stream()
                        .filter(resource -> !resource.role().equals(PipelineTags.ROLE_ORDERS)
                                || resource.tag(PipelineTags.PIPELINE).isPresent())
                        .toList();
        mustBeTagged.stream()
                .filter(resource -> resource.tag(PipelineTags.PIPELINE).isEmpty())
                .forEach(resource -> problems.add(resource.describe() + " carries no " + PipelineTags.PIPELINE
                        + " tag, so nothing shows that it belongs with the others; deploy the current stack to tag"
                        + " its tables and queue"));
        Map<String, List<Resource>> byPipeline = mustBeTagged.stream()
                .filter(resource -> resource.tag(PipelineTags.PIPELINE).isPresent())
                .collect(Collectors.groupingBy(
                        resource -> resource.tag(PipelineTags.PIPELINE).orElseThrow(),
                        LinkedHashMap::new,
                        Collectors.toList()));
        if (byPipeline.size() > 1) {
            problems.add("these are not one pipeline's: "
                    + byPipeline.entrySet().stream()
                            .map(group -> names(group.getValue()) + " belong"
                                    + (group.getValue().size() == 1 ? "s" : "") + " to " + stack(group.getKey()))
                            .collect(Collectors.joining("; "))
                    + "; check the names, or give --stack NAME to read them from the stack's outputs");
        }
        Map<String, List<Resource>> byOrdersTable = resources.stream()
                .filter(resource -> resource.tag(PipelineTags.ORDERS_TABLE).isPresent())
                .collect(Collectors.groupingBy(
                        resource -> resource.tag(PipelineTags.ORDERS_TABLE).orElseThrow(),
                        LinkedHashMap::new,
                        Collectors.toList()));
        Optional<Resource> orders = resources.stream()
                .filter(resource -> resource.role().equals(PipelineTags.ROLE_ORDERS))
                .findFirst();
        if (byOrdersTable.size() > 1) {
            problems.add("these are not one pipeline's: "
                    + byOrdersTable.entrySet().stream()
                            .map(group -> names(group.getValue()) + " aggregate"
                                    + (group.getValue().size() == 1 ? "s" : "") + " orders table " + group.getKey())
                            .collect(Collectors.joining("; "))
                    + " (tag " + PipelineTags.ORDERS_TABLE + "); check the names, or give --stack NAME");
        } else if (byOrdersTable.size() == 1 && orders.isPresent()) {
            String named = byOrdersTable.keySet().iterator().next();
            if (!orders.get().name().equals(named)) {
                problems.add(orders.get().describe() + " is not the orders table of "
                        + names(byOrdersTable.get(named)) + ", which aggregate"
                        + (byOrdersTable.get(named).size() == 1 ? "s" : "")
                        + " " + named + " (tag " + PipelineTags.ORDERS_TABLE + "); pass that one, or the tables of "
                        + orders.get().name() + "'s pipeline");
            }
        }
        return problems.stream().distinct().toList();
    }

    private static String names(List<Resource> resources) {
        return resources.stream().map(Resource::describe).collect(Collectors.joining(" and "));
    }

    private static String what(String role) {
        return switch (role) {
            case PipelineTags.ROLE_ORDERS -> "orders table";
            case PipelineTags.ROLE_TOTALS -> "totals table";
            case PipelineTags.ROLE_LEDGER -> "ledger (state) table";
            case PipelineTags.ROLE_ON_FAILURE_QUEUE -> "on-failure queue";
            default -> role;
        };
    }

    private static String article(String role) {
        String what = what(role);
        return (what.startsWith("o") ? "an " : "a ") + what;
    }

    /** Reads the tags; a refusal to list them is a refusal to check, which the override turns into a warning. */
    private Map<String, String> tags(String option, String name, Supplier<Map<String, String>> read) {
        try {
            return read.get();
        } catch (AwsServiceException e) {
            String reason = e.awsErrorDetails() == null
                    ? e.getMessage()
                    : e.awsErrorDetails().errorCode() + ": "
                            + e.awsErrorDetails().errorMessage();
            String problem = "cannot read the tags of " + option + " " + name + " (" + reason
                    + "), so cannot check that the tables are one pipeline's; allow dynamodb:ListTagsOfResource and "
                    + "sqs:ListQueueTags (docs/security.md)";
            if (!ignoreTags) {
                throw new IllegalArgumentException(problem + ", or pass " + OVERRIDE);
            }
            warnings.accept("warning: " + problem + "; going on (" + OVERRIDE + ")");
            return Map.of();
        }
    }

    /**
     * A stack id as a reader recognizes it: {@code stack OrderTotals (id 1a2b...)}. The tables are all in one
     * account and region (one client reads them), so the name and the id's unique part tell two stacks apart.
     */
    static String stack(String stackId) {
        String[] parts = stackId.split("/");
        return parts.length == 3 && stackId.startsWith("arn:")
                ? "stack " + parts[1] + " (id " + parts[2] + ")"
                : "pipeline " + stackId;
    }
}
