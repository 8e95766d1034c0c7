package com.licensemanager.licensing.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/** A generator of random test values, driven by a seeded random source so failures can be replayed. */
@FunctionalInterface
public interface Gen<T> {

    T next(SplittableRandom random);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return random -> f.apply(next(random));
    }

    default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
        return random -> f.apply(next(random)).next(random);
    }

    static Gen<Integer> between(int min, int maxInclusive) {
        return random -> random.nextInt(min, maxInclusive + 1);
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(T... values) {
        return random -> values[random.nextInt(values.length)];
    }

    static <T> Gen<T> oneOf(List<T> values) {
        return random -> values.get(random.nextInt(values.size()));
    }

    /** Picks one of the generators, each equally likely. */
    @SafeVarargs
    static <T> Gen<T> frequency(Gen<? extends T>... gens) {
        return random -> gens[random.nextInt(gens.length)].next(random);
    }

    static <T> Gen<List<T>> listOf(Gen<T> element, int minSize, int maxSize) {
        return random -> {
            int size = random.nextInt(minSize, maxSize + 1);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(element.next(random));
            }
            return list;
        };
    }
}
