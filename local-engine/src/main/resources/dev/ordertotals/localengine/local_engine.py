"""The local engine: the pinned moto server, patched to behave like AWS where our tests and `cdk deploy` depend on it.

Run as `python local_engine.py [--parent-pid PID] -H 127.0.0.1 -p PORT` from the project's .venv (local-engine's
MotoServer does). With --parent-pid the engine exits within a second of that process ending, however it ended,
so a killed test run or local runner never leaves an engine behind.
Each patch below uses moto internals, so the launcher refuses any moto version but PINNED_MOTO_VERSION.
`--without PATCH[,PATCH]` turns patches off: the local-engine tests use it to show each one is needed.

Patches, DynamoDB:
  serial       One request at a time. DynamoDB transactions are serializable: two transactions never
               interleave, and a write outside a transaction never lands in the middle of one. moto's threaded
               server runs a request beside another, so an SDK retry after an attempt timeout can interleave
               with the attempt still running, and moto's restore-on-cancel then erases the other's writes.
               A client that stops half-way through sending a request (a thread interrupted mid-write) is cut
               off after REQUEST_READ_TIMEOUT seconds of silence, so it cannot hold the engine forever.
  item-backup  A transaction backs up only the items it touches (each once) and, when it is cancelled,
               restores them and drops the stream records it emitted. moto deep-copies the whole table once
               per action instead: O(actions x table size) per transaction (seconds for 100 actions on a
               table of thousands of items), and its restore swaps the table object, which leaves open
               stream iterators reading a table nobody writes to any more. DynamoDB's cancelled
               transaction has no effect at all, its committed one is whole, and neither disturbs readers.

DynamoDB's per-request limits ("Service, account, and table quotas", "Expressions", "Supported data types" in its
developer guide), each answered as DynamoDB answers it: HTTP 400 `ValidationException` with DynamoDB's message, found
in captures of real DynamoDB published with open-source conformance suites and emulators (the wording varies by
Region; where it does, the engine uses one captured form, with "1 validation error detected: " before the refusals of
PutItem, UpdateItem and DeleteItem). Request checks read the request as moto parsed it, once, before moto's handler
for the action runs (one wrapper per action of moto's DynamoHandler), so a refused request changes nothing. What
depends on the stored item is checked in moto's update validator, before the item is touched; in a transaction
DynamoDB cancels on it with the reason `ValidationError`, and so does the engine (item-backup undoes the actions
before it). The limits moto enforces itself are left to it: key sizes, item size, 100 actions and one action per item
in a transaction, 100 keys in a BatchGetItem.
  expression-size  DynamoDB refuses any expression (KeyCondition, Filter, Condition, Update, Projection) longer than
               4,096 bytes of UTF-8, measured as sent, in every operation and in each transaction action: "Invalid
               UpdateExpression: Expression size has exceeded the maximum allowed size;". moto 5.2.5 accepts them
               (and answers HTTP 500 to a long update, see long-expressions).
  expression-operators DynamoDB refuses an expression with more than 300 operators and functions ("Invalid
               UpdateExpression: The expression contains too many operators; operator count: 301"; in an update
               expression `+`, `-` and functions count, in the others comparators, AND, OR, NOT, BETWEEN, IN and
               functions) and an IN with more than 100 operands ("Invalid FilterExpression: The IN operator is
               provided with too many operands; number of operands: 101"). moto 5.2.5 accepts both.
  expression-placeholders DynamoDB refuses a placeholder (#name, :value) longer than 255 bytes ("ExpressionAttribute
               Names contains invalid key: The expression attribute map contains a key that is too long; size of
               key: 256"), substitution variables (names and values) of more than 2 MB together ("ExpressionAttribute
               Values exceeds max size"), an empty ExpressionAttributeNames or ExpressionAttributeValues map ("... must
               not be empty"), placeholders given without an expression ("... can only be specified when using
               expressions"; a transaction's action without an expression ignores them) and a placeholder no
               expression uses ("Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}").
               moto 5.2.5 accepts long placeholders, any size, empty maps in a transaction's ConditionCheck and
               Update, and unused values everywhere but UpdateItem.
  long-expressions DynamoDB accepts any update expression within the limits above. moto 5.2.5 parses and copies it
               recursively, a few frames per clause, and answers HTTP 500 (RecursionError) from about 200 clauses
               (`SET a0 = :v, a1 = :v, ...`, 2 KB): the recursion limit is raised so a 4 KB expression goes through.
  number-limits DynamoDB refuses any number in a request (item, key, set, expression value, condition) with more than
               38 significant digits ("Attempting to store more than 38 significant digits in a Number") or a
               magnitude outside 1E-130 .. 9.9999999999999999999999999999999999999E+125 ("Number overflow.
               Attempting to store a number with magnitude larger than supported range", "Number underflow. ...
               smaller than supported range"; zero is checked by the exponent it is written with). moto 5.2.5
               stores 39 digits, and checks the range of an item's top-level numbers only, in floating point (so it
               accepts 1E+126).
  number-arithmetic DynamoDB refuses an update whose `ADD` or `SET a = a + :v` / `a - :v` result is no valid number
               ("Number overflow. ..." or the 38 digits message; in a transaction a cancellation, reason
               `ValidationError`), and otherwise computes the result exactly. moto 5.2.5 stores any result, rounds one
               with a decimal point to 28 digits (`1.234567890123456789012345679E+30`) and answers HTTP 500 to a
               stored number written with an exponent (`1E+2`). Results are computed exactly, in plain notation, and
               checked before the item is touched, so a refused update leaves no trace (item, stream).
  set-values   DynamoDB refuses an empty string, number or binary set and a set holding a member twice ("One or more
               parameter values were invalid: Input collection [a, a] contains duplicates."; numbers compared as
               numbers: "Input collection contains duplicates"), wherever the set is in the request. moto 5.2.5
               refuses only empty string and number sets, and stores repeated members.
  nesting-limit DynamoDB refuses an item with a value nested deeper than 32 levels, counting the attribute's own value
               as level 1 (a scalar inside 31 maps is accepted, inside 32 refused, as captured against DynamoDB by
               the open-source dynamodb-conformance suite, tests/tier3/limits/nestingDepth.test.ts): "Nesting Levels
               have exceeded supported limits: Attributes in the item have nested levels beyond supported limit",
               for a PutItem, BatchWriteItem or transaction Put item and for an update that would store it
               (`SET m.n = :v`: the path's length plus the value's depth). moto 5.2.5 stores any depth. A deep
               expression value used only in a condition is refused by DynamoDB in some Regions and not others; the
               engine lets it through.
  transaction-size DynamoDB refuses a TransactWriteItems whose items add up to more than 4 MB, as a whole, before any
               condition is evaluated. The engine counts what the request carries into items, by DynamoDB's item
               size rules: a Put's item, an Update's key and expression values, a Delete's or ConditionCheck's key.
               DynamoDB's wording is in no capture we found; the engine says "Transaction request cannot be larger
               than 4 MB". moto 5.2.5 commits 4.7 MB.
  batch-write-limit DynamoDB refuses a BatchWriteItem of more than 25 requests ("1 validation error detected: Value
               '{table=[...]}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint:
               [Member must have length less than or equal to 25, ...]"). moto 5.2.5 writes them all.
  transact-get-limit DynamoDB accepts up to 100 gets in a TransactGetItems. moto 5.2.5 refuses more than 25.

Speed, DynamoDB (what a profile of `scripts/local` showed; each changes how fast moto answers, never what it answers;
`GET /_local_engine/stats` counts what each saved, so the tests can show each one works):
  parse-cache  An update expression is parsed once per text: the ledger's writes repeat the same few texts batch
               after batch, only their values differ. moto parses every one again (tokenizer and parser, 6% of a
               run); its validator deep-copies the tree before it resolves the values, so the cached tree is
               never changed.
  ast-copy     moto's validator deep-copies each update expression's tree with copy.deepcopy (7% of a run): a
               copy that only knows moto's tree nodes, lists and dicts, for the same result, in a third of the time.
  traverse-cache  moto's tree walkers rebuild their table of node types for every node they visit and test each
               node against moto's abstract node classes (slow isinstance): nearly 20% of a run is walking trees.
               Which processor a node class gets is found once per walker and class, the same one moto picks.
  buffered-responses  A response is written to the socket in one piece, not a system call per header line.
  fast-json    The JSON answer of the busy DynamoDB and DynamoDB Streams operations (FAST_JSON_OPERATIONS) is the
               dictionary moto's handler returned, dumped as it is (timestamps as moto's serializer writes them):
               moto's serializer walks the output shape member by member, which for a page of items or stream
               records is most of the request (18% of a run). Anything else (errors, other operations, a value
               json cannot write) goes through moto's serializer. With LOCAL_ENGINE_CHECK_FAST_JSON=1 in its
               environment the engine writes both and fails a request whose two answers differ: how the
               operations in the list were checked, over whole runs of the tests and of `scripts/local`.

CloudFormation, for `cdk deploy` and `cdk destroy` against the engine (with `--method=direct`: moto's change-set
path stores no outputs and reports success after a failed execution). moto's CloudFormation skips a resource type
it does not know with a warning and still reports the stack complete, so without these a deploy "succeeds" with
the stack's alias, event source mapping and alarms missing:
  cfn-alias        AWS::Lambda::Alias: created, updated and deleted through moto's own Lambda alias API; Ref is
                   the alias ARN. moto 5.2.5 has no such resource type.
  cfn-version      AWS::Lambda::Version: Fn::GetAtt [Version, Version] is the version number it published, Ref
                   its ARN. moto's version resource has neither, so an alias on it gets no version at all.
  cfn-alarm        AWS::CloudWatch::Alarm: put and deleted through moto's CloudWatch API; Ref is the alarm name.
                   moto 5.2.5 has no such resource type.
  cfn-queue-policy AWS::SQS::QueuePolicy: sets (and on delete removes) the Policy attribute of its queues, as
                   SQS does. moto skips it, so a queue's policy could not be read back. Neither enforces it.
  cfn-log-group-arn Fn::GetAtt [LogGroup, Arn] ends with ":*", as CloudFormation's does (and DescribeLogGroups');
                   moto's lacks it, so a policy statement on a log group would not read as it does on AWS.
Lambda (moto runs functions only in Docker; the local runner runs ours itself):
  mapping-alias    An event source mapping made on an alias reports the alias ARN as its FunctionArn, as Lambda
                   does. moto reports the version the alias pointed at when the mapping was made.
  inert-mappings   A DynamoDB stream's event source mapping is kept and described but never invoked. moto tries
                   to run the function in Docker on every write to the table and after the attempt (failed or
                   not) clears the stream shard, so nothing else could read the stream.
"""
import argparse
import base64
import copy
import decimal
import functools
import json
import os
import re
import sys
import threading
import time

PINNED_MOTO_VERSION = "5.2.5"
REQUEST_READ_TIMEOUT = 5


def require_pinned_moto():
    import moto

    if moto.__version__ != PINNED_MOTO_VERSION:
        sys.exit(
            f"local_engine.py patches moto {PINNED_MOTO_VERSION} internals but found moto {moto.__version__}: "
            "install the version pinned in requirements-dev.txt (rm -rf .venv; the tools reinstall it), "
            "or port the patches and update PINNED_MOTO_VERSION."
        )


def patch_serial_requests():
    """moto.server.main calls werkzeug's run_simple with threaded=True; force one request at a time."""
    import moto.server
    from moto.moto_server.werkzeug_app import MotoRequestHandler

    run_simple = moto.server.run_simple
    moto.server.run_simple = functools.partial(_run_serially, run_simple)
    MotoRequestHandler.timeout = REQUEST_READ_TIMEOUT  # socketserver applies it to each read of the connection


def _run_serially(run_simple, *args, **kwargs):
    kwargs["threaded"] = False
    return run_simple(*args, **kwargs)


def patch_transaction_item_backup():
    import moto.dynamodb.models as models

    original = models.DynamoDBBackend.transact_write_items

    @functools.wraps(original)
    def transact_write_items(self, transact_items):
        backup = _TouchedItems(self, transact_items)
        models.copy = _NoTableCopy  # moto's own per-action table copy becomes a no-op...
        try:
            return original(self, transact_items)
        except Exception:
            backup.restore()  # ...because any failure restores exactly what this transaction touched.
            raise
        finally:
            models.copy = copy

    models.DynamoDBBackend.transact_write_items = transact_write_items


class _NoTableCopy:
    """Stands in for the `copy` module inside moto's dynamodb models during a transaction: tables are not
    copied (see _TouchedItems); everything else (update_item's copy of the old item) is copied as before."""

    @staticmethod
    def deepcopy(value, memo=None):
        from moto.dynamodb.models.table import Table

        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


class _TouchedItems:
    """Copies of the items a transaction may write, taken before it runs, and the length of each touched
    table's stream, so a cancelled transaction can be undone without a trace."""

    def __init__(self, backend, transact_items):
        self.items = []  # (table, hash, range, copy of the item or None)
        self.stream_lengths = {}  # table name -> (table, number of stream records)
        for action in transact_items:
            op_type, op = next(iter(action.items()))
            if op_type not in ("Put", "Update", "Delete"):
                continue  # ConditionCheck writes nothing; an unknown type fails before any write
            try:
                table = backend.get_table(op["TableName"])
                key = op["Key"] if op_type != "Put" else {
                    name: op["Item"][name] for name in (table.hash_key_attr, table.range_key_attr) if name
                }
                hash_value, range_value = backend.get_keys_value(table, key)
            except Exception:
                continue  # moto rejects this action before writing it: nothing to back up
            current = table.get_item(hash_value, range_value)
            self.items.append((table, hash_value, range_value, copy.deepcopy(current)))
            if table.stream_shard is not None:
                self.stream_lengths.setdefault(table.name, (table, len(table.stream_shard.items)))

    def restore(self):
        for table, hash_value, range_value, item in reversed(self.items):
            if range_value is None:
                if item is None:
                    table.items.pop(hash_value, None)
                else:
                    table.items[hash_value] = item
            else:
                if item is None:
                    table.items.get(hash_value, {}).pop(range_value, None)
                    if hash_value in table.items and not table.items[hash_value]:
                        del table.items[hash_value]
                else:
                    table.items[hash_value][range_value] = item
        for table, length in self.stream_lengths.values():
            del table.stream_shard.items[length:]


def patch_cfn_alias():
    from moto.awslambda.exceptions import UnknownFunctionException
    from moto.awslambda.utils import get_backend
    from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
    from moto.core.common_models import CloudFormationModel

    class LambdaAliasResource(CloudFormationModel):
        __module__ = "moto.awslambda.models"  # moto registers models by service, taken from the module name

        def __init__(self, alias, function_name):
            self.alias = alias
            self.function_name = function_name

        @staticmethod
        def cloudformation_type():
            return "AWS::Lambda::Alias"

        @staticmethod
        def cloudformation_name_type():
            return "Name"

        @property
        def physical_resource_id(self):
            return self.alias.arn

        @classmethod
        def has_cfn_attr(cls, attr):
            return attr == "AliasArn"

        def get_cfn_attribute(self, attribute_name):
            if attribute_name == "AliasArn":
                return self.alias.arn
            raise UnformattedGetAttTemplateException()

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
            properties = cloudformation_json["Properties"]
            alias = get_backend(account_id, region_name).create_alias(
                properties["Name"], properties["FunctionName"], properties["FunctionVersion"],
                properties.get("Description", ""), properties.get("RoutingConfig"))
            return cls(alias, properties["FunctionName"])

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id,
                                            region_name):
            properties = cloudformation_json["Properties"]
            if (properties["Name"], properties["FunctionName"]) != (original_resource.alias.name, original_resource.function_name):
                original_resource.delete(account_id, region_name)  # a new name or function replaces the alias
                return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
            alias = get_backend(account_id, region_name).update_alias(
                properties["Name"], properties["FunctionName"], properties["FunctionVersion"],
                properties.get("Description", ""), properties.get("RoutingConfig"))
            return cls(alias, properties["FunctionName"])

        def delete(self, account_id, region_name):
            try:
                get_backend(account_id, region_name).delete_alias(self.alias.name, self.function_name)
            except UnknownFunctionException:
                pass  # deleted with its function, as in Lambda

    _refresh_cloudformation_types()


def patch_cfn_version():
    from moto.awslambda.models import LambdaVersion
    from moto.awslambda.utils import get_backend
    from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

    create = LambdaVersion.create_from_cloudformation_json.__func__

    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        version = create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        function = get_backend(account_id, region_name).get_function(cloudformation_json["Properties"]["FunctionName"])
        version.arn = ":".join(function.function_arn.split(":")[:7] + [str(version.version)])
        return version

    def get_cfn_attribute(self, attribute_name):
        if attribute_name == "Version":
            return str(self.version)
        raise UnformattedGetAttTemplateException()

    LambdaVersion.create_from_cloudformation_json = classmethod(create_from_cloudformation_json)
    LambdaVersion.has_cfn_attr = classmethod(lambda cls, attr: attr == "Version")
    LambdaVersion.get_cfn_attribute = get_cfn_attribute
    LambdaVersion.physical_resource_id = property(lambda self: self.arn)


def patch_cfn_alarm():
    from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
    from moto.cloudwatch.models import Dimension, Metric, MetricDataQuery, MetricStat, cloudwatch_backends
    from moto.core.common_models import CloudFormationModel

    class AlarmResource(CloudFormationModel):
        __module__ = "moto.cloudwatch.models"  # moto registers models by service, taken from the module name

        def __init__(self, alarm):
            self.alarm = alarm

        @staticmethod
        def cloudformation_type():
            return "AWS::CloudWatch::Alarm"

        @staticmethod
        def cloudformation_name_type():
            return "AlarmName"

        @property
        def physical_resource_id(self):
            return self.alarm.name

        @classmethod
        def has_cfn_attr(cls, attr):
            return attr == "Arn"

        def get_cfn_attribute(self, attribute_name):
            if attribute_name == "Arn":
                return self.alarm.alarm_arn
            raise UnformattedGetAttTemplateException()

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
            p = cloudformation_json["Properties"]
            alarm = cloudwatch_backends[account_id][region_name].put_metric_alarm(
                name=resource_name, namespace=p.get("Namespace"), metric_name=p.get("MetricName"),
                metric_data_queries=[_metric_data_query(m) for m in p["Metrics"]] if p.get("Metrics") else None,
                comparison_operator=p["ComparisonOperator"], evaluation_periods=int(p["EvaluationPeriods"]),
                datapoints_to_alarm=p.get("DatapointsToAlarm"), period=p.get("Period"), threshold=p.get("Threshold"),
                statistic=p.get("Statistic"), extended_statistic=p.get("ExtendedStatistic"),
                description=p.get("AlarmDescription"), dimensions=p.get("Dimensions", []),
                alarm_actions=p.get("AlarmActions", []), ok_actions=p.get("OKActions", []),
                insufficient_data_actions=p.get("InsufficientDataActions", []), unit=p.get("Unit"),
                actions_enabled=str(p.get("ActionsEnabled", True)).lower() == "true",
                treat_missing_data=p.get("TreatMissingData"),
                evaluate_low_sample_count_percentile=p.get("EvaluateLowSampleCountPercentile"),
                threshold_metric_id=p.get("ThresholdMetricId"), tags=p.get("Tags"))
            return cls(alarm)

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id,
                                            region_name):
            name = cloudformation_json["Properties"].get("AlarmName")
            if name is not None and name != original_resource.alarm.name:
                original_resource.delete(account_id, region_name)  # a new name replaces the alarm
            else:
                new_resource_name = original_resource.alarm.name  # put_metric_alarm overwrites it in place
            return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)

        def delete(self, account_id, region_name):
            cloudwatch_backends[account_id][region_name].delete_alarms([self.alarm.name])

    def _metric_data_query(query):
        stat = query.get("MetricStat")
        metric_stat = None
        if stat:
            metric = stat["Metric"]
            metric_stat = MetricStat(
                metric=Metric(metric_name=metric.get("MetricName"), namespace=metric.get("Namespace"),
                              dimensions=[Dimension(d["Name"], d["Value"]) for d in metric.get("Dimensions", [])]),
                period=stat.get("Period"), stat=stat.get("Stat"), unit=stat.get("Unit"))
        return MetricDataQuery(query_id=query.get("Id"), label=query.get("Label"), period=query.get("Period"),
                               return_data=query.get("ReturnData"), expression=query.get("Expression"),
                               metric_stat=metric_stat)

    _refresh_cloudformation_types()


def patch_cfn_queue_policy():
    from moto.core.common_models import CloudFormationModel
    from moto.sqs.exceptions import QueueDoesNotExist
    from moto.sqs.models import sqs_backends

    class QueuePolicyResource(CloudFormationModel):
        __module__ = "moto.sqs.models"  # moto registers models by service, taken from the module name

        def __init__(self, resource_name, queue_urls):
            self.resource_name = resource_name
            self.queue_urls = queue_urls

        @staticmethod
        def cloudformation_type():
            return "AWS::SQS::QueuePolicy"

        @staticmethod
        def cloudformation_name_type():
            return ""

        @property
        def physical_resource_id(self):
            return self.resource_name

        @classmethod
        def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
            properties = cloudformation_json["Properties"]
            policy = json.dumps(properties["PolicyDocument"])
            for url in properties["Queues"]:
                sqs_backends[account_id][region_name].set_queue_attributes(_queue_name(url), {"Policy": policy})
            return cls(resource_name, list(properties["Queues"]))

        @classmethod
        def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id,
                                            region_name):
            original_resource.delete(account_id, region_name)
            return cls.create_from_cloudformation_json(original_resource.resource_name, cloudformation_json,
                                                       account_id, region_name)

        def delete(self, account_id, region_name):
            for url in self.queue_urls:
                try:
                    sqs_backends[account_id][region_name].set_queue_attributes(_queue_name(url), {"Policy": None})
                except QueueDoesNotExist:
                    pass  # deleted with its queue

    def _queue_name(url):
        return url.rstrip("/").rsplit("/", 1)[-1]

    _refresh_cloudformation_types()


def patch_cfn_log_group_arn():
    from moto.logs.models import LogGroup

    get_cfn_attribute = LogGroup.get_cfn_attribute

    @functools.wraps(get_cfn_attribute)
    def get_cfn_attribute_as_cloudformation(self, attribute_name):
        value = get_cfn_attribute(self, attribute_name)
        return value + ":*" if attribute_name == "Arn" and not value.endswith(":*") else value

    LogGroup.get_cfn_attribute = get_cfn_attribute_as_cloudformation


def _refresh_cloudformation_types():
    """moto finds resource types among CloudFormationModel's subclasses and caches the list on first use."""
    from moto.cloudformation import parsing

    for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
        cached.cache_clear()


def patch_mapping_alias():
    from moto.awslambda.models import EventSourceMapping, LambdaBackend

    get_configuration = EventSourceMapping.get_configuration
    update = LambdaBackend.update_event_source_mapping

    @functools.wraps(get_configuration)
    def get_configuration_with_alias(self):
        configuration = get_configuration(self)
        alias = _alias_qualifier(self.function_name)
        if alias:
            unqualified = ":".join(self.function_arn.split(":")[:7])  # arn:aws:lambda:REGION:ACCOUNT:function:NAME
            configuration["FunctionArn"] = f"{unqualified}:{alias}"
        return configuration

    @functools.wraps(update)
    def update_event_source_mapping(self, uuid, spec):
        mapping = update(self, uuid, spec)
        if mapping is not None and spec.get("FunctionName"):
            mapping.function_name = spec["FunctionName"]
        return mapping

    EventSourceMapping.get_configuration = get_configuration_with_alias
    LambdaBackend.update_event_source_mapping = update_event_source_mapping


def _alias_qualifier(function_name):
    """The alias in NAME:ALIAS or arn:...:function:NAME:ALIAS; None for no qualifier, a version or $LATEST."""
    parts = function_name.split(":")
    qualifier = parts[7] if function_name.startswith("arn:") and len(parts) == 8 else parts[1] if len(parts) == 2 else None
    return None if qualifier is None or qualifier.isdigit() or qualifier == "$LATEST" else qualifier


def patch_inert_mappings():
    from moto.awslambda.models import LambdaBackend

    def send_dynamodb_items(self, function_arn, items, source):
        return None  # not invoked: moto's stream shard keeps its records (it clears them after an invocation)

    LambdaBackend.send_dynamodb_items = send_dynamodb_items


# --- DynamoDB's request limits ---------------------------------------------------------------------------------------
# What DynamoDB refuses and moto 5.2.5 lets through (numbers and wording in the docstring). The request checks read the
# request as moto parsed it, once, before moto's handler for the action runs, so a refused request has no effect at all.
# Checks that depend on the stored item (an ADD's result, the level a SET writes at) run in moto's update validator,
# which runs before the item is touched.

VALIDATION_EXCEPTION = "com.amazonaws.dynamodb.v20120810#ValidationException"
ENVELOPE = "1 validation error detected: "  # DynamoDB puts it before most refusals of a single-item write
SINGLE_ITEM_WRITES = frozenset({"PutItem", "UpdateItem", "DeleteItem"})
EXPRESSIONS = ("KeyConditionExpression", "FilterExpression", "ConditionExpression", "UpdateExpression",
               "ProjectionExpression")
MAX_EXPRESSION_BYTES = 4096
MAX_OPERATORS = 300
MAX_IN_OPERANDS = 100
MAX_PLACEHOLDER_BYTES = 255
MAX_SUBSTITUTION_BYTES = 2 * 1024 * 1024
MAX_NESTING_LEVEL = 32  # the attribute's own value is level 1
MAX_DIGITS = 38
MAX_ADJUSTED_EXPONENT = 125  # 9.9999999999999999999999999999999999999E+125
MIN_ADJUSTED_EXPONENT = -130  # 1E-130
MAX_BATCH_WRITES = 25
MAX_TRANSACT_GETS = 100
MAX_TRANSACTION_BYTES = 4 * 1024 * 1024
NESTING = "Nesting Levels have exceeded supported limits"
NESTING_DETAIL = NESTING + ": Attributes in the item have nested levels beyond supported limit"
OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range"
TOO_MANY_DIGITS = "Attempting to store more than 38 significant digits in a Number"
TRANSACTION_TOO_LARGE = "Transaction request cannot be larger than 4 MB"

_DYNAMODB_ACTIONS = {"put_item": "PutItem", "update_item": "UpdateItem", "delete_item": "DeleteItem",
                     "get_item": "GetItem", "query": "Query", "scan": "Scan", "batch_get_item": "BatchGetItem",
                     "batch_write_item": "BatchWriteItem", "transact_get_items": "TransactGetItems",
                     "transact_write_items": "TransactWriteItems"}
_request_checks = []  # check(action, body), run in order before moto handles a DynamoDB data-plane request
_update_checks = []  # check(validator, validated_ast), run when moto has validated an update against its item
_value_checks = set()  # what the one walk over a request's attribute values checks: numbers, sets, nesting


def _check_requests(check):
    """Runs `check(action, body)` before every DynamoDB item and batch action moto handles: one wrapper per action
    method of moto's DynamoHandler, where moto turns a ValidationException into the HTTP 400 DynamoDB sends."""
    if not _request_checks:
        from moto.dynamodb.responses import DynamoHandler

        for method, action in _DYNAMODB_ACTIONS.items():
            setattr(DynamoHandler, method, _checked(getattr(DynamoHandler, method), action))
    _request_checks.append(check)


def _checked(handle, action):
    @functools.wraps(handle)
    def checked(self):
        for check in _request_checks:
            check(action, self.body)  # moto's call_action has set body to the parsed request
        return handle(self)

    return checked


def _refuse(action, message):
    from moto.dynamodb.exceptions import MockValidationException

    raise MockValidationException(ENVELOPE + message if action in SINGLE_ITEM_WRITES else message)


@functools.cache
def _validation_error():
    """The exception for a write DynamoDB refuses because of what it would store (an ADD's result, a SET that nests too
    deep). UpdateItem answers it as a ValidationException with `message`. In a transaction, moto files any exception
    that is not its own ValidationException as a cancellation reason coded with the class's name and its str():
    DynamoDB's `ValidationError` and its `reason`."""
    from moto.dynamodb.exceptions import DynamodbException

    class ValidationError(DynamodbException):
        def __init__(self, message, reason=None):
            super().__init__(VALIDATION_EXCEPTION, message)
            self.reason = reason or message

        def __str__(self):
            return self.reason

    return ValidationError


def _refuse_write(message, reason=None):
    raise _validation_error()(message, reason)


def _check_updates(check):
    """Runs `check(validator, ast)` each time moto's update validator has resolved an update expression against the
    item it will change: before anything is written (for a new item, before moto inserts its key)."""
    if not _update_checks:
        from moto.dynamodb.parsing.validators import UpdateExpressionValidator

        validate = UpdateExpressionValidator.validate

        @functools.wraps(validate)
        def validate_and_check(self):
            ast = validate(self)
            for update_check in _update_checks:
                update_check(self, ast)
            return ast

        UpdateExpressionValidator.validate = validate_and_check
    _update_checks.append(check)


def _update_actions(ast, action_type):
    """The actions of one type in a validated update expression, without recursion (moto's trees are deep)."""
    pending = [ast]
    while pending:
        node = pending.pop()
        if isinstance(node, action_type):
            yield node
        elif getattr(node, "children", None):
            pending.extend(child for child in node.children if hasattr(child, "children"))


def _parts(action, body):
    """(kind, part) for each part of a request with its own expressions and placeholders: the request itself, each
    action of a transaction, each table of a BatchGetItem."""
    if action == "TransactWriteItems":
        for entry in body.get("TransactItems") or []:
            yield from entry.items()
    elif action == "TransactGetItems":
        for entry in body.get("TransactItems") or []:
            yield "Get", entry.get("Get") or {}
    elif action == "BatchGetItem":
        for table_request in (body.get("RequestItems") or {}).values():
            yield "Keys", table_request
    elif action != "BatchWriteItem":
        yield action, body


def _expressions(part):
    return [(field, part[field]) for field in EXPRESSIONS if isinstance(part.get(field), str)]


def _utf8(text):
    return len(text.encode("utf-8"))


# expression-size


def _check_expression_sizes(action, body):
    for _, part in _parts(action, body):
        for field, expression in _expressions(part):
            size = _utf8(expression)
            if size > MAX_EXPRESSION_BYTES:
                with_size = (action, field) in (("Scan", "FilterExpression"),
                                                ("TransactWriteItems", "ConditionExpression"))
                _refuse(action, f"Invalid {field}: Expression size has exceeded the maximum allowed size;"
                        + (f" expression size: {size}" if with_size else ""))


# expression-operators

_EXPRESSION_TOKEN = re.compile(r"[#:][A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*|\d+|<>|<=|>=|\S")
_COMPARATORS = frozenset({"=", "<>", "<", "<=", ">", ">=", "AND", "OR", "NOT", "BETWEEN", "IN"})


def _check_operators(action, body):
    for _, part in _parts(action, body):
        for field, expression in _expressions(part):
            if field == "ProjectionExpression":
                continue
            tokens = _EXPRESSION_TOKEN.findall(expression)
            operators = 0
            for index, token in enumerate(tokens):
                following = tokens[index + 1] if index + 1 < len(tokens) else ""
                word = token.upper()
                if word == "IN" and field != "UpdateExpression":
                    operands = _in_operands(tokens, index + 1)
                    if operands > MAX_IN_OPERANDS:
                        _refuse(action, f"Invalid {field}: The IN operator is provided with too many operands; "
                                        f"number of operands: {operands}")
                    operators += 1
                elif following == "(" and (token[0].isalpha() or token[0] == "_") and word not in _COMPARATORS:
                    operators += 1  # a function
                elif field == "UpdateExpression":
                    operators += token in ("+", "-")
                else:
                    operators += word in _COMPARATORS
            if operators > MAX_OPERATORS:
                _refuse(action, f"Invalid {field}: The expression contains too many operators; "
                                f"operator count: {operators}")


def _in_operands(tokens, start):
    """How many operands the IN whose '(' is at tokens[start] lists (commas at its own depth, plus one)."""
    if start >= len(tokens) or tokens[start] != "(":
        return 0
    depth, operands = 0, 1
    for token in tokens[start:]:
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
            if depth == 0:
                break
        elif token == "," and depth == 1:
            operands += 1
    return operands


# expression-placeholders

_PLACEHOLDER = re.compile(r"[#:][A-Za-z0-9_]+")
_TRANSACTION_KINDS = frozenset({"Put", "Update", "Delete", "ConditionCheck"})


def _check_placeholders(action, body):
    for kind, part in _parts(action, body):
        names, values = part.get("ExpressionAttributeNames"), part.get("ExpressionAttributeValues")
        if names is None and values is None:
            continue
        if names is not None and not names:
            _refuse(action, "ExpressionAttributeNames must not be empty")
        if values is not None and not values:
            _refuse(action, "ExpressionAttributeValues must not be empty")
        names_bytes = values_bytes = 0
        for placeholder, name in (names or {}).items():
            size = _utf8(placeholder)
            if size > MAX_PLACEHOLDER_BYTES:
                _refuse(action, "ExpressionAttributeNames contains invalid key: The expression attribute map "
                                f"contains a key that is too long; size of key: {size}")
            names_bytes += size + (_utf8(name) if isinstance(name, str) else 0)
        for placeholder, value in (values or {}).items():
            size = _utf8(placeholder)
            if size > MAX_PLACEHOLDER_BYTES:
                _refuse(action, "ExpressionAttributeValues contains invalid key: The expression attribute map "
                                f"contains a key that is too long; size of key: {size}")
            values_bytes += size + _size(value)
        if names_bytes + values_bytes > MAX_SUBSTITUTION_BYTES:
            larger = "ExpressionAttributeValues" if values_bytes >= names_bytes else "ExpressionAttributeNames"
            _refuse(action, f"{larger} exceeds max size")
        expressions = _expressions(part)
        if not expressions:
            if kind in _TRANSACTION_KINDS:
                continue  # a transaction's action without an expression ignores them
            for field, given in (("ExpressionAttributeNames", names), ("ExpressionAttributeValues", values)):
                if given:
                    _refuse(action, f"{field} can only be specified when using expressions")
        used = set(_PLACEHOLDER.findall(" ".join(expression for _, expression in expressions)))
        for field, given in (("ExpressionAttributeNames", names), ("ExpressionAttributeValues", values)):
            unused = sorted(placeholder for placeholder in (given or {}) if placeholder not in used)
            if unused:
                _refuse(action, f"Value provided in {field} unused in expressions: keys: {{{', '.join(unused)}}}")


# number-limits, set-values, nesting-limit: one walk over the request's attribute values


def _attribute_maps(action, body):
    """(name -> AttributeValue map, stored) for every attribute value in the request; stored when it becomes (part
    of) an item as it stands, so its nesting counts."""
    if action == "BatchWriteItem":
        for requests in (body.get("RequestItems") or {}).values():
            for request in requests or []:
                if request.get("PutRequest"):
                    yield request["PutRequest"].get("Item") or {}, True
                if request.get("DeleteRequest"):
                    yield request["DeleteRequest"].get("Key") or {}, False
        return
    for kind, part in _parts(action, body):
        if kind == "Keys":
            for key in part.get("Keys") or []:
                yield key, False
            continue
        if part.get("Item"):
            yield part["Item"], True
        for field in ("Key", "ExclusiveStartKey", "ExpressionAttributeValues"):
            if part.get(field):
                yield part[field], False
        for field in ("Expected", "KeyConditions", "QueryFilter", "ScanFilter"):
            for condition in (part.get(field) or {}).values():
                for value in condition.get("AttributeValueList") or []:
                    yield {"": value}, False
                if condition.get("Value") is not None:
                    yield {"": condition["Value"]}, False
        for update in (part.get("AttributeUpdates") or {}).values():
            if update.get("Value") is not None:
                yield {"": update["Value"]}, True


def _check_values(action, body):
    for attributes, stored in _attribute_maps(action, body):
        for value in attributes.values():
            _inspect(action, value, 1, stored)


def _inspect(action, value, level, stored):
    """Checks one AttributeValue, and what it holds, for what _value_checks asks."""
    if not isinstance(value, dict) or len(value) != 1:
        return  # not an AttributeValue: moto's own answer
    if stored and level > MAX_NESTING_LEVEL and "nesting" in _value_checks:
        _refuse(action, NESTING_DETAIL)
    (kind, content), = value.items()
    if kind == "N" and "numbers" in _value_checks:
        problem = _number_problem(content)
        if problem:
            _refuse(action, problem)
    elif kind in ("SS", "NS", "BS") and isinstance(content, list):
        if "numbers" in _value_checks and kind == "NS":
            for number in content:
                problem = _number_problem(number)
                if problem:
                    _refuse(action, problem)
        if "sets" in _value_checks:
            _check_set(action, kind, content)
    elif kind == "M" and isinstance(content, dict):
        for member in content.values():
            _inspect(action, member, level + 1, stored)
    elif kind == "L" and isinstance(content, list):
        for member in content:
            _inspect(action, member, level + 1, stored)


def _number_problem(text):
    """DynamoDB's reason to refuse a number, or None (also for what is no number at all: moto says so itself)."""
    number = _decimal(text)
    if number is None:
        return None
    adjusted = number.adjusted()  # the exponent of the first significant digit; of zero, the one written (as DynamoDB)
    if adjusted > MAX_ADJUSTED_EXPONENT:
        return OVERFLOW
    if adjusted < MIN_ADJUSTED_EXPONENT:
        return UNDERFLOW
    if len("".join(map(str, number.as_tuple().digits)).strip("0")) > MAX_DIGITS:
        return TOO_MANY_DIGITS
    return None


def _decimal(text):
    if not isinstance(text, str) or text != text.strip():
        return None
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        return None
    return number if number.is_finite() else None


def _check_set(action, kind, members):
    if not members:
        _refuse(action, {"SS": "One or more parameter values were invalid: An string set  may not be empty",
                         "NS": "One or more parameter values were invalid: An number set  may not be empty",
                         "BS": "One or more parameter values were invalid: Binary sets should not be empty"}[kind])
    if kind == "NS":
        numbers = [_decimal(member) for member in members]
        if None not in numbers and len(set(numbers)) < len(numbers):  # 1 and 1.0 are the same number
            _refuse(action, "Input collection contains duplicates")
    else:
        shown = [member if isinstance(member, str) else base64.b64encode(member).decode("ascii")
                 for member in members]
        if len(set(shown)) < len(shown):
            collection = f"One or more parameter values were invalid: Input collection [{', '.join(shown)}]"
            ending = " contains duplicates." if kind == "SS" else "of type BS contains duplicates."
            _refuse(action, collection + ending)


def _size(value):
    """An AttributeValue's size by DynamoDB's item-size rules: UTF-8 bytes of strings and names, raw bytes of binary,
    about one byte per two significant digits of a number plus one, 3 bytes per map or list and 1 per element."""
    if not isinstance(value, dict) or len(value) != 1:
        return 0
    (kind, content), = value.items()
    if kind == "S":
        return _utf8(content)
    if kind == "N":
        return _number_size(content)
    if kind == "B":
        return _binary_size(content)
    if kind in ("SS", "NS", "BS"):
        measure = {"SS": _utf8, "NS": _number_size, "BS": _binary_size}[kind]
        return sum(measure(member) for member in content or [])
    if kind == "M":
        return 3 + sum(1 + _utf8(name) + _size(member) for name, member in (content or {}).items())
    if kind == "L":
        return 3 + sum(1 + _size(member) for member in content or [])
    return 1  # BOOL, NULL


def _number_size(text):
    return (len(str(text).lstrip("-").replace(".", "").strip("0")) + 1) // 2 + 1


def _binary_size(content):
    if isinstance(content, (bytes, bytearray)):
        return len(content)
    return len(content) * 3 // 4 - str(content)[-2:].count("=")  # base64 as sent


def _item_size(item):
    return sum(_utf8(name) + _size(value) for name, value in (item or {}).items())


# number-arithmetic


def _arithmetic(left, right, sign):
    """left + sign * right, exact (moto rounds to 28 digits and answers HTTP 500 to an exponent), checked as
    DynamoDB checks a number it stores, in DynamoDB's plain notation."""
    with decimal.localcontext() as context:
        context.prec = 400  # two 38-digit numbers 255 orders of magnitude apart still add up exactly
        result = decimal.Decimal(left) + sign * decimal.Decimal(right)
        if result.is_zero():
            return "0"
        problem = _number_problem(str(result))
        if problem:
            _refuse_write(problem)
        return format(result.normalize(), "f")


def _check_add_results(validator, ast):
    from moto.dynamodb.exceptions import ProvidedKeyDoesNotExist
    from moto.dynamodb.parsing.ast_nodes import UpdateExpressionAddAction
    from moto.dynamodb.parsing.executors import AddExecutor

    for action in _update_actions(ast, UpdateExpressionAddAction):
        executor = AddExecutor(action, validator.expression_attribute_names)
        value = executor.get_action_value()
        if value.type != "N":
            continue
        try:
            existing = executor.get_item_at_end_of_path(validator.item)
        except ProvidedKeyDoesNotExist:
            continue  # ADD to a missing attribute stores the value itself, checked with the request
        except Exception:
            continue  # a path moto refuses when it executes the update
        if getattr(existing, "type", None) == "N":
            _arithmetic(existing.value, value.value, 1)


# nesting-limit, in updates


def _check_set_levels(validator, ast):
    from moto.dynamodb.parsing.ast_nodes import ExpressionPathDescender, UpdateExpressionSetAction

    for action in _update_actions(ast, UpdateExpressionSetAction):
        path, value = action.children[0], action.children[1]
        level = sum(not isinstance(element, ExpressionPathDescender) for element in path.children)
        if level + _depth(value.get_value()) - 1 > MAX_NESTING_LEVEL:
            _refuse_write(ENVELOPE + NESTING_DETAIL, NESTING)


def _depth(value):
    """1 for a scalar or a set, 1 + the deepest member for a map or a list (moto's DynamoType)."""
    members = value.value.values() if value.type == "M" else value.value if value.type == "L" else ()
    return 1 + max((_depth(member) for member in members), default=0)


# transaction-size


def _check_transaction_size(action, body):
    if action != "TransactWriteItems":
        return
    total = 0
    for entry in body.get("TransactItems") or []:
        for kind, op in entry.items():
            total += _item_size(op.get("Item") if kind == "Put" else op.get("Key"))
            if kind == "Update":
                total += sum(_size(value) for value in (op.get("ExpressionAttributeValues") or {}).values())
    if total > MAX_TRANSACTION_BYTES:
        _refuse(action, TRANSACTION_TOO_LARGE)


# batch-write-limit


def _check_batch_writes(action, body):
    if action != "BatchWriteItem":
        return
    tables = body.get("RequestItems") or {}
    for table, requests in tables.items():
        if len(requests or []) > MAX_BATCH_WRITES:
            dump = ", ".join(f"com.amazonaws.dynamodb.v20120810.WriteRequest@{268435457 + index:x}"
                             for index in range(len(requests)))
            _refuse(action, f"1 validation error detected: Value '{{{table}=[{dump}]}}' at 'requestItems' failed to "
                            "satisfy constraint: Map value must satisfy constraint: [Member must have length less "
                            "than or equal to 25, Member must have length greater than or equal to 1]")
    if sum(len(requests or []) for requests in tables.values()) > MAX_BATCH_WRITES:
        _refuse(action, "Too many items requested for the BatchWriteItem call")


def patch_expression_size():
    _check_requests(_check_expression_sizes)


def patch_expression_operators():
    _check_requests(_check_operators)


def patch_expression_placeholders():
    _check_requests(_check_placeholders)


def patch_long_expressions():
    """moto parses and copies an update expression recursively, a few frames per clause."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 100_000))


def _check_values_once(name):
    if not _value_checks:
        _check_requests(_check_values)
    _value_checks.add(name)


def patch_number_limits():
    _check_values_once("numbers")


def patch_set_values():
    _check_values_once("sets")


def patch_nesting_limit():
    _check_values_once("nesting")
    _check_updates(_check_set_levels)


def patch_number_arithmetic():
    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    add, subtract = DynamoType.__add__, DynamoType.__sub__
    update_with_attribute_updates = Item.update_with_attribute_updates

    def plus(self, other):
        if self.type == other.type == "N":
            return DynamoType({"N": _arithmetic(self.value, other.value, 1)})
        return add(self, other)

    def minus(self, other):
        if self.type == other.type == "N":
            return DynamoType({"N": _arithmetic(self.value, other.value, -1)})
        return subtract(self, other)

    @functools.wraps(update_with_attribute_updates)
    def update_with_exact_adds(self, attribute_updates):
        exact = {}  # the pre-expression AttributeUpdates ADD: checked before anything changes, then stored exactly
        for name, update in attribute_updates.items():
            value = update.get("Value") or {}
            if update.get("Action") == "ADD" and set(value) == {"N"}:
                existing = self.attrs.get(name)
                exact[name] = _arithmetic(existing.value if existing is not None and existing.type == "N" else "0",
                                          value["N"], 1)
        update_with_attribute_updates(self, attribute_updates)
        for name, number in exact.items():
            self.attrs[name] = DynamoType({"N": number})

    DynamoType.__add__, DynamoType.__sub__ = plus, minus
    Item.update_with_attribute_updates = update_with_exact_adds
    _check_updates(_check_add_results)


def patch_transaction_size():
    _check_requests(_check_transaction_size)


def patch_batch_write_limit():
    _check_requests(_check_batch_writes)


def patch_transact_get_limit():
    import moto.dynamodb.responses as responses

    responses.TRANSACTION_MAX_ITEMS = MAX_TRANSACT_GETS


# --- speed ------------------------------------------------------------------------------------------------------
_stats = {}


def _count(name, n=1):
    _stats[name] = _stats.get(name, 0) + n


def patch_parse_cache():
    from moto.dynamodb.models import UpdateExpressionParser

    make = UpdateExpressionParser.make.__func__
    parsed = {}

    def cached_make(cls, expression_str):
        tree = parsed.get(expression_str)
        if tree is None:
            tree = make(cls, expression_str)
            if len(parsed) < 4_096:  # the ledger's texts are few; anything else is not kept forever
                parsed[expression_str] = tree
        else:
            _count("parse-cache hits")
        return tree

    UpdateExpressionParser.make = classmethod(cached_make)
    _stats["parse-cache hits"] = 0


def patch_ast_copy():
    from moto.dynamodb.parsing import validators
    from moto.dynamodb.parsing.ast_nodes import Node

    def copy_tree(value, memo):
        if isinstance(value, Node):
            done = memo.get(id(value))
            if done is not None:
                return done
            copied = object.__new__(type(value))
            memo[id(value)] = copied
            copied.__dict__ = {key: copy_tree(item, memo) for key, item in value.__dict__.items()}
            return copied
        if isinstance(value, (str, int, float, bool, type(None))):
            return value
        if isinstance(value, list):
            return [copy_tree(item, memo) for item in value]
        return copy.deepcopy(value, memo)  # anything else (a resolved value) exactly as before

    def deepcopy(value, memo=None):
        if isinstance(value, Node):
            _count("ast-copy trees")
            return copy_tree(value, {} if memo is None else memo)
        return copy.deepcopy(value, memo)

    validators.deepcopy = deepcopy
    _stats["ast-copy trees"] = 0


def patch_traverse_cache():
    from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser, Node

    is_node = {}  # class -> whether it is one of moto's tree nodes (isinstance on their ABC is slow)

    def traverse(self, root):
        processing = list(self._processing_map().items())
        processors = {}  # node class -> the processor moto's `process` picks for it (the first it is an instance of)
        pre_processing_of_child = self.pre_processing_of_child
        _count("traverse-cache walks")

        def walk(node, child_id):
            node_class = type(node)
            known = is_node.get(node_class)
            if known is None:
                known = is_node[node_class] = issubclass(node_class, Node)
            if not known:
                return node
            parent_node = node.parent
            if node.children is not None:
                for i, child_node in enumerate(node.children):
                    pre_processing_of_child(node, i)
                    walk(child_node, i)
            if node_class in processors:
                processor = processors[node_class]
            else:
                processor = processors[node_class] = next(
                    (handler for kind, handler in processing if issubclass(node_class, kind)), None)
            if processor is not None:
                node = processor(node)
                node.parent = parent_node
                if parent_node:
                    parent_node.children[child_id] = node
            return node

        return walk(root, -1)

    # moto 5.2.5: no walker overrides traverse, traverse_node_recursively, nodes_to_be_processed or process, and
    # none changes its processing map while it walks.
    DepthFirstTraverser.traverse = traverse
    _stats["traverse-cache walks"] = 0


def patch_buffered_responses():
    from moto.moto_server.werkzeug_app import MotoRequestHandler

    MotoRequestHandler.wbufsize = 64 * 1024  # http.server flushes after each request
    _stats["buffered-responses"] = 1



# Checked with LOCAL_ENGINE_CHECK_FAST_JSON=1 over the tests and `scripts/local`. Not DeleteItem: moto's handler
# returns a ConsumedCapacityUnits its serializer drops.
FAST_JSON_OPERATIONS = {
    "BatchGetItem", "BatchWriteItem", "GetItem", "PutItem", "Query", "Scan", "TransactGetItems",
    "TransactWriteItems", "UpdateItem",  # DynamoDB
    "GetRecords", "GetShardIterator",  # DynamoDB Streams
}


def patch_fast_json():
    from datetime import datetime

    from botocore.utils import parse_to_aware_datetime
    from moto import settings
    from moto.core.responses import ActionResult
    from moto.core.serialize import TimestampSerializer

    execute = ActionResult.execute_result
    check = os.environ.get("LOCAL_ENGINE_CHECK_FAST_JSON") == "1"
    answers = {}  # operation name -> (status code, headers) of its answer, as moto's serializer sets them

    def epoch(value):
        """A timestamp as moto's JSON serializer writes it (epoch seconds, milliseconds kept); nothing else."""
        if isinstance(value, datetime):
            return TimestampSerializer._timestamp_unixtimestamp(parse_to_aware_datetime(value))
        raise TypeError(type(value).__name__)

    @functools.wraps(execute)
    def execute_result(self, context):
        result = self.result
        operation = context.operation_model
        if (
            not isinstance(result, dict)
            or operation.name not in FAST_JSON_OPERATIONS
            or operation.has_event_stream_output
        ):
            return execute(self, context)
        try:
            body = json.dumps(result, default=epoch, indent=4 if settings.PRETTIFY_RESPONSES else None)
        except (TypeError, ValueError):
            return execute(self, context)
        if operation.name not in answers:
            serializer = context.serializer_class(operation_model=operation, pretty_print=False)
            response = serializer._create_default_response()
            answers[operation.name] = (
                response["status_code"],
                {"Content-Type": serializer._get_protocol_specific_content_type()},
            )
        status, headers = answers[operation.name]
        if check:
            expected_status, expected_headers, expected = execute(self, context)
            if (expected_status, expected_headers, json.loads(expected)) != (status, headers, json.loads(body)):
                raise AssertionError(f"fast-json: {operation.name} answers differently: {body[:300]}"
                                     f" instead of {expected[:300]}")
        _count("fast-json responses")
        return status, dict(headers), body

    ActionResult.execute_result = execute_result
    _stats["fast-json responses"] = 0


def serve_stats():
    """GET /_local_engine/stats: what the speed patches saved, as JSON (for the tests, and for a curious user)."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication

    call = DomainDispatcherApplication.__call__

    @functools.wraps(call)
    def with_stats(self, environ, start_response):
        if environ.get("PATH_INFO") == "/_local_engine/stats":
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps(_stats).encode()]
        return call(self, environ, start_response)

    DomainDispatcherApplication.__call__ = with_stats



PATCHES = {
    "serial": patch_serial_requests,
    "item-backup": patch_transaction_item_backup,
    "expression-size": patch_expression_size,
    "expression-operators": patch_expression_operators,
    "expression-placeholders": patch_expression_placeholders,
    "long-expressions": patch_long_expressions,
    "number-limits": patch_number_limits,
    "number-arithmetic": patch_number_arithmetic,
    "set-values": patch_set_values,
    "nesting-limit": patch_nesting_limit,
    "transaction-size": patch_transaction_size,
    "batch-write-limit": patch_batch_write_limit,
    "transact-get-limit": patch_transact_get_limit,
    "parse-cache": patch_parse_cache,
    "ast-copy": patch_ast_copy,
    "traverse-cache": patch_traverse_cache,
    "buffered-responses": patch_buffered_responses,
    "fast-json": patch_fast_json,
    "cfn-alias": patch_cfn_alias,
    "cfn-version": patch_cfn_version,
    "cfn-alarm": patch_cfn_alarm,
    "cfn-queue-policy": patch_cfn_queue_policy,
    "cfn-log-group-arn": patch_cfn_log_group_arn,
    "mapping-alias": patch_mapping_alias,
    "inert-mappings": patch_inert_mappings,
}


def delay_transactions(seconds_per_action):
    """Not a patch: a test setting. Every TransactWriteItems waits seconds_per_action per action before it runs, in
    the serial engine, so a large transaction outlasts a client's attempt timeout as on a loaded engine, and the
    requests behind it wait too. Its client giving up does not stop it: it still runs (and may commit)."""
    import moto.dynamodb.models as models

    original = models.DynamoDBBackend.transact_write_items

    @functools.wraps(original)
    def transact_write_items(self, transact_items):
        time.sleep(seconds_per_action * len(transact_items))
        return original(self, transact_items)

    models.DynamoDBBackend.transact_write_items = transact_write_items


def exit_with_parent(parent_pid):
    def watch():
        while os.getppid() == parent_pid:  # an orphan is re-parented (to init or a subreaper)
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def main(argv):
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--without", default="", help="comma-separated patches to leave out: " + ", ".join(PATCHES))
    parser.add_argument("--parent-pid", type=int, help="exit when this process, our parent, is gone")
    parser.add_argument("--transaction-delay-per-action", type=float, default=0.0,
                        help="tests only: seconds each TransactWriteItems action takes (a slow engine)")
    ours, moto_args = parser.parse_known_args(argv)
    without = {name for name in ours.without.split(",") if name}
    unknown = without - set(PATCHES)
    if unknown:
        sys.exit(f"--without: unknown patch(es) {', '.join(sorted(unknown))}; known: {', '.join(PATCHES)}")

    require_pinned_moto()
    if ours.parent_pid:
        exit_with_parent(ours.parent_pid)
    for name, patch in PATCHES.items():
        if name not in without:
            patch()
    serve_stats()
    if ours.transaction_delay_per_action > 0:
        delay_transactions(ours.transaction_delay_per_action)  # after item-backup, which wraps the same method

    import moto.server

    moto.server.main(moto_args)


if __name__ == "__main__":
    main(sys.argv[1:])
