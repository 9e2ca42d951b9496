package org.tokensuite.api.value;

import java.time.Duration;
import java.util.Objects;

/** Rotate every {@code every}; the old secret stays valid for {@code overlap} after a rotation. */
public record RotationPolicy(Duration every, Duration overlap) {

    public RotationPolicy {
        Objects.requireNonNull(every, "rotation.every");
        Objects.requireNonNull(overlap, "rotation.overlap");
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("rotation.every must be positive");
        }
        if (overlap.isNegative()) {
            throw new IllegalArgumentException("rotation.overlap must not be negative");
        }
    }
}
