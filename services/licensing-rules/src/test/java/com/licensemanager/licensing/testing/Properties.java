package com.licensemanager.licensing.testing;

import java.util.SplittableRandom;

/**
 * A minimal property-based test runner on plain JUnit: checks a property against many generated
 * samples. Each run uses a fresh random seed (printed on failure) unless {@code -Dlicensing.pbt.seed=N}
 * replays one; {@code -Dlicensing.pbt.tries=N} caps the number of tries (default 1000 at most).
 */
public final class Properties {

    /** Upper bound on tries per property, so the module's tests stay fast on small machines. */
    public static final int MAX_TRIES = Integer.getInteger("licensing.pbt.tries", 1000);

    private Properties() {
    }

    @FunctionalInterface
    public interface Check<T> {
        void verify(T sample) throws Exception;
    }

    public static <T> void forAll(int tries, Gen<T> gen, Check<? super T> property) {
        long seed = Long.getLong("licensing.pbt.seed", new SplittableRandom().nextLong());
        SplittableRandom master = new SplittableRandom(seed);
        int runs = Math.min(tries, MAX_TRIES);
        for (int i = 0; i < runs; i++) {
            T sample = gen.next(master.split());
            try {
                property.verify(sample);
            } catch (Throwable failure) {
                throw new AssertionError("property failed on try " + (i + 1) + " of " + runs
                        + " (replay with -Dlicensing.pbt.seed=" + seed + ")\n  sample: " + sample
                        + "\n  failure: " + failure.getMessage(), failure);
            }
        }
    }
}
