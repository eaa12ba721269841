"""The local engine: the pinned moto server, patched to behave like DynamoDB where our tests depend on it.

Run as `python local_engine.py [--parent-pid PID] -H 127.0.0.1 -p PORT` from the project's .venv (local-engine's
MotoServer does). With --parent-pid the engine exits within a second of that process ending, however it ended,
so a killed test run or local runner never leaves an engine behind.
Each patch below uses moto internals, so the launcher refuses any moto version but PINNED_MOTO_VERSION.
`--without PATCH[,PATCH]` turns patches off: the local-engine tests use it to show each one is needed.

Patches:
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
"""
import argparse
import copy
import functools
import os
import sys
import threading
import time

PINNED_MOTO_VERSION = "5.2.5"
REQUEST_READ_TIMEOUT = 5
PATCHES = ("serial", "item-backup")


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
    ours, moto_args = parser.parse_known_args(argv)
    without = {name for name in ours.without.split(",") if name}
    unknown = without - set(PATCHES)
    if unknown:
        sys.exit(f"--without: unknown patch(es) {', '.join(sorted(unknown))}; known: {', '.join(PATCHES)}")

    require_pinned_moto()
    if ours.parent_pid:
        exit_with_parent(ours.parent_pid)
    if "serial" not in without:
        patch_serial_requests()
    if "item-backup" not in without:
        patch_transaction_item_backup()

    import moto.server

    moto.server.main(moto_args)


if __name__ == "__main__":
    main(sys.argv[1:])
