package dev.llmf.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The results of one run, looked up by case. */
record Results(List<Result> all) {

    Optional<Result> find(String group, String name, String shape, String threads, String impl) {
        return all.stream().filter(r -> r.group().equals(group) && r.name().equals(name) && r.shape().equals(shape)
                && r.threads().equals(threads) && r.impl().equals(impl)).findFirst();
    }

    /** Distinct (name, shape) pairs of a group, in the order they were measured. */
    List<String[]> cases(String group) {
        Set<String> seen = new LinkedHashSet<>();
        all.stream().filter(r -> r.group().equals(group)).forEach(r -> seen.add(r.name() + "\u0000" + r.shape()));
        return seen.stream().map(s -> s.split("\u0000")).toList();
    }

    List<Result> of(String group) {
        return all.stream().filter(r -> r.group().equals(group)).toList();
    }

    boolean any(String impl) {
        return all.stream().anyMatch(r -> r.impl().equals(impl));
    }
}
