package io.mianshen.console.web;

import io.mianshen.console.api.Gateway;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * An enterprise's pages: its notice inbox (unread first), a notice with its objection form (异议), and its benefits,
 * each with the explanation in plain words and the status of its publicity (公示), review and finality.
 */
@Controller
class EnterprisePages {

    private final Gateway gateway;

    EnterprisePages(Gateway gateway) {
        this.gateway = gateway;
    }

    @GetMapping("/inbox")
    String inbox(@RequestParam(defaultValue = "0") int page, Model model) {
        Pages.show(model, "inbox", gateway.get("/api/notices?page=" + Math.max(0, page) + "&size=20"));
        return "inbox";
    }

    @GetMapping("/inbox/{noticeId}")
    String notice(@PathVariable String noticeId, Model model) {
        if (Pages.show(model, "notice", gateway.get("/api/notices/" + Pages.segment(noticeId)))) {
            gateway.post("/api/notices/" + Pages.segment(noticeId) + "/read", null);
        }
        return "notice";
    }

    @PostMapping("/inbox/{noticeId}/objection")
    String object(@PathVariable String noticeId, @RequestParam String text, Model model) {
        Gateway.Answer raised =
                gateway.post("/api/notices/" + Pages.segment(noticeId) + "/objections", Map.of("text", text));
        if (raised.ok()) {
            model.addAttribute("done", "objected");
        } else {
            model.addAttribute("objectionProblem", raised.problem());
        }
        Pages.show(model, "notice", gateway.get("/api/notices/" + Pages.segment(noticeId)));
        return "notice";
    }

    @GetMapping("/benefits")
    String benefits(Model model) {
        String uscc = Pages.uscc();
        if (uscc == null) {
            model.addAttribute("problem", "only an enterprise has benefits here");
            return "benefits";
        }
        // every policy and period with a decision (granted, adjusted or revoked), not those never decided
        Gateway.Answer standings = gateway.get("/api/decisions/" + Pages.segment(uscc));
        if (standings.ok() && standings.body() instanceof java.util.List<?> all) {
            model.addAttribute(
                    "standings",
                    all.stream()
                            .filter(s -> s instanceof Map<?, ?> standing
                                    && standing.get("decisions") instanceof java.util.List<?> d
                                    && !d.isEmpty())
                            .toList());
            Pages.show(model, "statuses", gateway.get("/api/decisions/" + Pages.segment(uscc) + "/publicity"));
        } else {
            Pages.show(model, "standings", standings);
        }
        return "benefits";
    }
}
