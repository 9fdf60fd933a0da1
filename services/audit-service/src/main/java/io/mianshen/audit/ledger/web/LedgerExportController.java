package io.mianshen.audit.ledger.web;

import io.mianshen.audit.ledger.CheckpointSignatures;
import io.mianshen.audit.ledger.LedgerExport;
import io.mianshen.audit.search.AccessLog;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * For auditors who verify the ledger themselves (role AUDITOR):
 * <ul>
 *   <li>{@code GET /api/audit/ledger/export?from=&to=}: the entries as a text file ({@link LedgerExport}), checked
 *   offline with {@code bin/verify-ledger};</li>
 *   <li>{@code GET /api/audit/ledger/checkpoint-key}: the public key (PEM) the checkpoints are signed with, to compare
 *   with the one the audit office was given.</li>
 * </ul>
 */
@RestController
class LedgerExportController {

    private final LedgerExport export;
    private final CheckpointSignatures signatures;
    private final AccessLog access;

    LedgerExportController(LedgerExport export, CheckpointSignatures signatures, AccessLog access) {
        this.export = export;
        this.signatures = signatures;
        this.access = access;
    }

    @GetMapping("/api/audit/ledger/export")
    ResponseEntity<StreamingResponseBody> export(
            Authentication caller,
            @RequestParam(defaultValue = "1") long from,
            @RequestParam(defaultValue = "" + Long.MAX_VALUE) long to) {
        if (from < 1 || to < from) {
            throw new BadRange(from < 1 ? "from" : "to", "from must be at least 1 and to at least from");
        }
        StreamingResponseBody body = out ->
                access.record(caller, "ledger.export", "from=" + from + " to=" + to, export.write(from, to, out));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"ledger-" + from + ".txt\"")
                .body(body);
    }

    /** A range that holds no entry. */
    static final class BadRange extends RuntimeException {
        private final String parameter;

        BadRange(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }
    }

    @ExceptionHandler
    ProblemDetail badRange(BadRange e) {
        return io.mianshen.support.web.InvalidParameter.problem(
                new io.mianshen.support.web.InvalidParameter(e.parameter, e.getMessage()));
    }

    @GetMapping(path = "/api/audit/ledger/checkpoint-key", produces = "application/x-pem-file")
    String checkpointKey() {
        return signatures.publicKeyPem();
    }
}
