package io.mianshen.audit.ledger;

import java.time.Instant;

/**
 * The result of recomputing the chain.
 *
 * @param intact       whether every entry checked holds
 * @param fromSequence the first entry checked (after the checkpoint it started from)
 * @param toSequence   the last entry checked
 * @param entries      how many were recomputed
 * @param digested     how many entries before them were proved unchanged by the signed checkpoints' digests
 * @param firstBroken  the sequence number of the first entry that does not hold, or {@code null}
 * @param detail       what is wrong with it
 * @param verifiedAt   when
 */
public record Verification(
        boolean intact,
        long fromSequence,
        long toSequence,
        long entries,
        long digested,
        Long firstBroken,
        String detail,
        Instant verifiedAt) {}
