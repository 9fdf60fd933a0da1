package io.mianshen.console.web;

import io.mianshen.console.api.Gateway;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A policy officer's pages: the policies and their versions with their legal basis, publishing a checked version
 * (every problem shown at its line of the file), and the backfill's progress after one goes live.
 */
@Controller
class OfficerPages {

    private final Gateway gateway;

    OfficerPages(Gateway gateway) {
        this.gateway = gateway;
    }

    @GetMapping("/policies")
    String policies(Model model) {
        Pages.show(model, "policies", gateway.get("/api/policies"));
        return "policies";
    }

    @GetMapping("/policies/{policyId}/versions/{version}")
    String version(@PathVariable String policyId, @PathVariable int version, Model model) {
        Pages.show(model, "version", gateway.get("/api/policies/" + Pages.segment(policyId) + "/versions/" + version));
        return "policy-version";
    }

    @GetMapping("/policies/publish")
    String publishForm(Model model) {
        model.addAttribute("file", "policy.yaml");
        model.addAttribute("yaml", "");
        return "publish";
    }

    @PostMapping("/policies/publish")
    String publish(@RequestParam String file, @RequestParam String yaml, Model model) {
        model.addAttribute("file", file);
        model.addAttribute("yaml", yaml);
        model.addAttribute("lines", List.of(yaml.split("\r?\n", -1)));
        Gateway.Answer published =
                gateway.postText("/api/policies" + Pages.query(Map.of("file", file)), "application/yaml", yaml);
        if (published.ok() && published.body() instanceof Map<?, ?> version) {
            return "redirect:/policies/backfills/" + version.get("backfillId");
        }
        model.addAttribute("problem", published.problem());
        if (published.body() instanceof Map<?, ?> problem && problem.get("errors") instanceof List<?> errors) {
            model.addAttribute("errors", errors);
            model.addAttribute(
                    "badLines",
                    errors.stream()
                            .filter(error -> error instanceof Map<?, ?> e && e.get("line") instanceof Number)
                            .map(error -> ((Number) ((Map<?, ?>) error).get("line")).intValue())
                            .collect(java.util.stream.Collectors.toSet()));
        }
        return "publish";
    }

    @GetMapping("/policies/backfills/{backfillId}")
    String backfill(@PathVariable String backfillId, @RequestParam(required = false) String fragment, Model model) {
        Pages.show(model, "backfill", gateway.get("/api/policies/backfills/" + Pages.segment(backfillId)));
        return fragment != null ? "backfill :: progress" : "backfill";
    }
}
