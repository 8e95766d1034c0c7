package com.licensemanager.jmh;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the benchmarks (JMH's own command-line options apply, e.g. {@code -f 2} or a name filter) and prints every
 * figure also as a ratio to the baseline of its class measured in the same run ({@code baseline*}).
 */
public final class RunAll {

    private RunAll() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions command = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(command);
        if (command.getIncludes().isEmpty()) {
            options.include(RunAll.class.getPackageName() + ".*");
        }
        Collection<RunResult> results = new Runner(options.build()).run();

        Map<String, Double> baselines = new LinkedHashMap<>();
        for (RunResult result : results) {
            String[] name = split(result);
            if (name[1].startsWith("baseline")) {
                baselines.put(name[0], result.getPrimaryResult().getScore());
            }
        }
        System.out.println();
        System.out.println("figures as ratios to the baseline of the same class and run:");
        System.out.printf(Locale.ROOT, "%-24s %-34s %14s %-8s %9s%n", "class", "benchmark", "score", "unit",
                "x baseline");
        for (RunResult result : results) {
            String[] name = split(result);
            double score = result.getPrimaryResult().getScore();
            Double baseline = baselines.get(name[0]);
            System.out.printf(Locale.ROOT, "%-24s %-34s %14.3f %-8s %9s%n", name[0], name[1], score,
                    result.getPrimaryResult().getScoreUnit(),
                    baseline == null ? "-" : String.format(Locale.ROOT, "%.2f", score / baseline));
        }
    }

    /** Simple class name and method name of a result's benchmark. */
    private static String[] split(RunResult result) {
        String benchmark = result.getParams().getBenchmark();
        int method = benchmark.lastIndexOf('.');
        String type = benchmark.substring(0, method);
        return new String[] {type.substring(type.lastIndexOf('.') + 1), benchmark.substring(method + 1)};
    }
}
