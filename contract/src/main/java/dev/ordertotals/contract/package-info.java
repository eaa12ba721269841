/**
 * What the stack deploys, the function reads and the tools inspect, named once: the handler and its jar, the
 * function's environment, the tables' key and attribute names, the metric names.
 *
 * <p>Plain constants and nothing else, so every module can depend on it without pulling anything in. Changing a
 * value here changes a deployed interface: {@code infra}'s {@code Contract} test spells the values out literally
 * and fails until it is updated too.
 */
package dev.ordertotals.contract;
