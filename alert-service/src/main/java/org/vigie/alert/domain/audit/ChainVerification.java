package org.vigie.alert.domain.audit;

import java.util.Optional;

/**
 * The result of verifying the audit chain: OK with the number of entries checked and the head hash, or the first
 * broken link.
 *
 * @param ok               whether every link holds
 * @param entriesChecked   how many entries were read
 * @param headHash         the last entry's hash when OK (to anchor elsewhere), otherwise null
 * @param brokenAtSequence the sequence where the chain first breaks (the sequence expected there for a gap)
 * @param reason           what is wrong there, otherwise null
 */
public record ChainVerification(boolean ok, long entriesChecked, String headHash, Long brokenAtSequence,
                                String reason) {

    public static ChainVerification intact(long entriesChecked, String headHash) {
        return new ChainVerification(true, entriesChecked, headHash, null, null);
    }

    public static ChainVerification broken(long entriesChecked, long atSequence, String reason) {
        return new ChainVerification(false, entriesChecked, null, atSequence, reason);
    }

    public Optional<Long> firstBrokenSequence() {
        return Optional.ofNullable(brokenAtSequence);
    }
}
