package dev.ordertotals.infra;

import java.util.function.Supplier;

/**
 * The synthesized configurations the security gates (cdk-nag, checkov) are run on: defaults, every setting changed,
 * each kind of key, and declared aggregations (their tables) with and without a key.
 */
enum Configuration {
    DEPLOYED(SynthesizedStack::deployedStack),
    CUSTOMIZED(SynthesizedStack::customized),
    CREATED_KEY(SynthesizedStack::withCreatedKey),
    EXISTING_KEY(SynthesizedStack::withExistingKey),
    AGGREGATIONS(SynthesizedStack::withAggregations),
    AGGREGATIONS_WITH_KEY(SynthesizedStack::withAggregationsKeyAndRetainedData);

    private final Supplier<Synthesized> synthesized;

    Configuration(Supplier<Synthesized> synthesized) {
        this.synthesized = synthesized;
    }

    Synthesized get() {
        return synthesized.get();
    }

    /** Whether the configuration encrypts with a customer-managed key ({@code encryptionKey} set). */
    boolean hasKey() {
        return get().stack().encryption().key().isPresent();
    }
}
