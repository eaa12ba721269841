/**
 * The Lambda service's side of a function's execution environment, for the local runner: a task root with the
 * function's code, a local implementation of the Runtime API, and Lambda's own Java runtime interface client
 * (from Maven Central) in a JVM of its own that loads the handler and talks to that API. Handler loading, event
 * serialization, logging and the error format are the runtime's; only the service around it is ours.
 */
package dev.ordertotals.localrunner.runtime;
