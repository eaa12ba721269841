package dev.ordertotals.operator.cli;

/**
 * What a command talks to, for its error lines: a command (or one of its mixins) that implements it has an error it
 * could not reach named with where it tried ({@code http://127.0.0.1:1}, {@code AWS, region eu-west-1}).
 */
public interface ServiceTarget {

    /** Where the calls go, e.g. {@code http://127.0.0.1:4566} or {@code AWS (region eu-west-1, profile prod)}. */
    String where();
}
