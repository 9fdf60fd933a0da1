package io.mianshen.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 就高不重复: of several ELIGIBLE evaluations of one exclusive group for the same enterprise and
 * period, only the highest amount is granted; on equal amounts the policy ranked first in the group
 * wins (then the smaller policy id, so the choice never depends on order). The others are superseded.
 */
public final class ExclusiveGroups {

    private ExclusiveGroups() {}

    /**
     * An evaluation that lost to another of its group.
     *
     * @param evaluation the losing evaluation
     * @param winner     the policy granted instead
     * @param reasonZh   why, Chinese
     * @param reasonEn   why, English
     */
    public record Superseded(Evaluation evaluation, String winner, String reasonZh, String reasonEn) {}

    /**
     * The outcome of applying the groups.
     *
     * @param granted    the evaluations that stand (every non-group one, and each group's winner)
     * @param superseded the eligible evaluations that lost
     */
    public record Resolution(List<Evaluation> granted, List<Superseded> superseded) {}

    /** Applies the exclusive groups to evaluations of one enterprise and period. */
    public static Resolution resolve(List<Evaluation> evaluations) {
        List<Evaluation> granted = new ArrayList<>();
        List<Superseded> superseded = new ArrayList<>();
        Map<String, List<Evaluation>> groups = new LinkedHashMap<>();
        for (Evaluation evaluation : evaluations) {
            if (evaluation.outcome() == Outcome.ELIGIBLE
                    && evaluation.policy().exclusiveGroup().isPresent()) {
                groups.computeIfAbsent(
                                evaluation.policy().exclusiveGroup().get().id(), g -> new ArrayList<>())
                        .add(evaluation);
            } else {
                granted.add(evaluation);
            }
        }
        Comparator<Evaluation> best = Comparator.comparing(Evaluation::amount)
                .reversed()
                .thenComparingInt(e -> e.policy().exclusiveGroup().get().rank())
                .thenComparing(e -> e.policy().id());
        groups.forEach((group, members) -> {
            List<Evaluation> ordered = members.stream().sorted(best).toList();
            Evaluation winner = ordered.get(0);
            granted.add(winner);
            for (Evaluation loser : ordered.subList(1, ordered.size())) {
                superseded.add(new Superseded(
                        loser,
                        winner.policy().id(),
                        "与“" + winner.policy().title() + "”同属" + group + "，就高不重复，已按较高金额"
                                + Sentences.money(winner.amount()) + "元给予",
                        "in exclusive group " + group + " with "
                                + winner.policy().id() + ", which grants the higher amount "
                                + Sentences.money(winner.amount()) + " (no double benefit)"));
            }
        });
        return new Resolution(List.copyOf(granted), List.copyOf(superseded));
    }
}
