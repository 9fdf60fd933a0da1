package io.mianshen.notification.notices.web;

import io.mianshen.notification.notices.Inbox;
import io.mianshen.notification.notices.NoticeView;
import io.mianshen.support.security.BearerTokens;
import io.mianshen.support.web.InvalidParameter;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The enterprise's inbox: {@code GET /api/notices?page=&size=} (unread first, then newest),
 * {@code GET /api/notices/{noticeId}}, {@code POST /api/notices/{noticeId}/read}. Only the notices of the
 * USCC in the caller's token exist for it: another enterprise's notice is 404, as if it did not exist.
 */
@RestController
@RequestMapping("/api/notices")
class InboxController {

    /** The largest page. */
    static final int MAX_PAGE_SIZE = 100;

    private final Inbox inbox;

    InboxController(Inbox inbox) {
        this.inbox = inbox;
    }

    @GetMapping
    Inbox.Page list(
            Authentication caller,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        if (page < 0) {
            throw new InvalidParameter("page", "page must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidParameter("size", "size must be between 1 and " + MAX_PAGE_SIZE);
        }
        return inbox.list(uscc(caller), page, size);
    }

    @GetMapping("/{noticeId}")
    NoticeView read(Authentication caller, @PathVariable UUID noticeId) {
        return inbox.find(uscc(caller), noticeId).orElseThrow(() -> new NoticeNotFound(noticeId));
    }

    @PostMapping("/{noticeId}/read")
    NoticeView markRead(Authentication caller, @PathVariable UUID noticeId) {
        return inbox.markRead(uscc(caller), noticeId).orElseThrow(() -> new NoticeNotFound(noticeId));
    }

    static String uscc(Authentication caller) {
        return BearerTokens.enterpriseUscc(caller)
                .orElseThrow(() -> new AccessDeniedException("the token has no uscc claim"));
    }

    /** No notice with that id in the caller's inbox. */
    static final class NoticeNotFound extends RuntimeException {
        NoticeNotFound(UUID noticeId) {
            super("no notice " + noticeId + " in this enterprise's inbox");
        }
    }

    @ExceptionHandler
    ProblemDetail notFound(NoticeNotFound e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Notice not found");
        return problem;
    }
}
