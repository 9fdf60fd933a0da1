package io.mianshen.console.web;

import io.mianshen.console.api.Gateway;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** A reviewer's pages (复核): the queue of open objections, a case (grant, decision, facts, objections) and its ruling. */
@Controller
class ReviewerPages {

    private final Gateway gateway;

    ReviewerPages(Gateway gateway) {
        this.gateway = gateway;
    }

    @GetMapping("/reviews")
    String queue(Model model) {
        Pages.show(model, "queue", gateway.get("/api/reviews?limit=100"));
        return "reviews";
    }

    @GetMapping("/reviews/{decisionId}")
    String review(@PathVariable String decisionId, Model model) {
        Pages.show(model, "review", gateway.get("/api/reviews/" + Pages.segment(decisionId)));
        return "review";
    }

    @PostMapping("/reviews/{decisionId}/ruling")
    String rule(
            @PathVariable String decisionId,
            @RequestParam String outcome,
            @RequestParam(required = false) String correction,
            @RequestParam(required = false) String amount,
            @RequestParam String reasons,
            Model model) {
        Map<String, String> ruling = new LinkedHashMap<>();
        ruling.put("outcome", outcome);
        if ("UPHELD".equals(outcome)) {
            ruling.put("correction", correction);
            if ("ADJUST".equals(correction)) {
                ruling.put("amount", amount);
            }
        }
        ruling.put("reasons", reasons);
        Gateway.Answer ruled = gateway.post("/api/reviews/" + Pages.segment(decisionId) + "/ruling", ruling);
        if (ruled.ok()) {
            model.addAttribute("done", "ruled");
            model.addAttribute("ruling", ruled.body());
        } else {
            model.addAttribute("rulingProblem", ruled.problem());
        }
        Pages.show(model, "review", gateway.get("/api/reviews/" + Pages.segment(decisionId)));
        return "review";
    }
}
