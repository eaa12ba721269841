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
import copy
import functools
import json
import os
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


PATCHES = {
    "serial": patch_serial_requests,
    "item-backup": patch_transaction_item_backup,
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
    if ours.transaction_delay_per_action > 0:
        delay_transactions(ours.transaction_delay_per_action)  # after item-backup, which wraps the same method

    import moto.server

    moto.server.main(moto_args)


if __name__ == "__main__":
    main(sys.argv[1:])
