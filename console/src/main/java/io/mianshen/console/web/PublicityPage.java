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

/** The public publicity list (公示), without a log-in, and anyone's objection to a published grant. */
@Controller
class PublicityPage {

    private final Gateway gateway;

    PublicityPage(Gateway gateway) {
        this.gateway = gateway;
    }

    @GetMapping("/publicity")
    String list(@RequestParam(required = false) String policyId, Model model) {
        model.addAttribute("policyId", policyId);
        Pages.show(
                model,
                "publicity",
                gateway.get("/api/publicity" + Pages.query(Map.of("policyId", policyId == null ? "" : policyId))));
        return "publicity";
    }

    @PostMapping("/publicity/{decisionId}/objection")
    String object(
            @PathVariable String decisionId,
            @RequestParam String name,
            @RequestParam String contact,
            @RequestParam String reason,
            Model model) {
        Map<String, String> objection = new LinkedHashMap<>();
        objection.put("name", name);
        objection.put("contact", contact);
        objection.put("reason", reason);
        Gateway.Answer answer = gateway.post("/api/publicity/" + Pages.segment(decisionId) + "/objections", objection);
        model.addAttribute(answer.ok() ? "done" : "problem", answer.ok() ? "objected" : answer.problem());
        Pages.show(model, "publicity", gateway.get("/api/publicity"));
        return "publicity";
    }
}
