package dev.ordertotals.testsupport;

import java.util.UUID;

/** Resource name prefixes unique to one test, so tests sharing the moto server never see each other's data. */
public final class Names {

    private Names() {}

    public static String uniquePrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }
}
