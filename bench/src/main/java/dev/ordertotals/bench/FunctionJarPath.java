package dev.ordertotals.bench;

import dev.ordertotals.contract.FunctionArtifact;

/**
 * Prints the deployed function jar's path relative to the project root, so scripts/bench puts on its cold
 * classpath the jar the stack deploys ({@link FunctionArtifact#JAR}) rather than its own copy of the name.
 */
public final class FunctionJarPath {

    private FunctionJarPath() {}

    public static void main(String[] args) {
        System.out.println(FunctionArtifact.JAR);
    }
}
