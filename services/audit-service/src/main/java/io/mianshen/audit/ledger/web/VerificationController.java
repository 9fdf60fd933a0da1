package io.mianshen.audit.ledger.web;

import io.mianshen.audit.ledger.LedgerVerifier;
import io.mianshen.audit.ledger.Verification;
import io.mianshen.audit.search.AccessLog;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/audit/verify[?full=true]}: recomputes the chain from the last checkpoint (or from the
 * first entry) and reports the first broken entry, if any.
 */
@RestController
class VerificationController {

    private final LedgerVerifier verifier;
    private final AccessLog access;

    VerificationController(LedgerVerifier verifier, AccessLog access) {
        this.verifier = verifier;
        this.access = access;
    }

    @PostMapping("/api/audit/verify")
    Verification verify(Authentication caller, @RequestParam(defaultValue = "false") boolean full) {
        Verification result = verifier.verify(full);
        access.record(caller, "verify", "full=" + full, result.entries());
        return result;
    }
}
