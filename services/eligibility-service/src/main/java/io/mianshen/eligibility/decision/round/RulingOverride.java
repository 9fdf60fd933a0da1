package io.mianshen.eligibility.decision.round;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * An upheld ruling's correction of an (enterprise, policy, period): final for the fact state it was made on. While the
 * policy evaluates the enterprise's facts to the same {@link Assessment#factState}, a round keeps the correction (it
 * neither grants a revoked benefit again nor restores an adjusted amount); once a change of facts changes that
 * evaluation, the round decides as usual and says that the facts changed after the ruling.
 *
 * @param rulingId   the ruling
 * @param correction what it made of the grant
 * @param amount     the corrected amount, for {@link Correction#ADJUST}
 * @param factState  the evaluation the ruling was made on
 * @param reason     the ruling as a decision's reason, in Chinese and English
 */
public record RulingOverride(UUID rulingId, Correction correction, BigDecimal amount, String factState, String reason) {

    /** What an upheld ruling does to the grant. */
    public enum Correction {
        /** The grant is revoked. */
        REVOKE,
        /** The grant is adjusted to a stated, lower amount. */
        ADJUST
    }

    /** Why a decision made anew after the ruling differs from it. */
    String factsChanged() {
        return "复核裁定" + rulingId + "后企业事实变更，依新事实重新决定 (the facts changed after ruling " + rulingId + ": decided anew)";
    }
}
