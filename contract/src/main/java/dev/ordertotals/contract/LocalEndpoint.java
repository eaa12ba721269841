package dev.ordertotals.contract;

/**
 * The account a local DynamoDB endpoint (the project's engine, moto) stands for: the region its stream records
 * carry whatever a client says, and the dummy credentials it accepts. The tools fall back to them when pointed at an
 * {@code --endpoint-url} with nothing configured; the engine's launcher uses the same.
 */
public final class LocalEndpoint {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";

    private LocalEndpoint() {}
}
