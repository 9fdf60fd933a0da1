package io.mianshen.console.web;

import io.mianshen.console.api.Gateway;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * An auditor's pages: the decision search with every filter of the API and its CSV export, a decision's history with
 * its ledger entries, totals against budget as a chart, the ledger's verification, and who looked.
 */
@Controller
class AuditorPages {

    /** The search filters of {@code GET /api/audit/decisions}, in the form's order. */
    static final String[] FILTERS = {
        "uscc", "policyId", "period", "type", "decidedFrom", "decidedTo", "minAmount", "maxAmount"
    };

    private final Gateway gateway;

    AuditorPages(Gateway gateway) {
        this.gateway = gateway;
    }

    @GetMapping("/audit")
    String search(@RequestParam Map<String, String> parameters, Model model) {
        Map<String, String> filter = filter(parameters);
        model.addAttribute("filter", filter);
        model.addAttribute("filterNames", FILTERS);
        model.addAttribute("exportQuery", Pages.query(filter));
        Map<String, String> page = new LinkedHashMap<>(filter);
        page.put("limit", "50");
        page.put("cursor", parameters.get("cursor"));
        Pages.show(model, "results", gateway.get("/api/audit/decisions" + Pages.query(page)));
        return "audit";
    }

    @GetMapping("/audit/export.csv")
    void export(@RequestParam Map<String, String> parameters, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"decisions.csv\"");
        try (OutputStream out = response.getOutputStream()) {
            gateway.copy("/api/audit/decisions.csv" + Pages.query(filter(parameters)), out);
        }
    }

    @GetMapping("/audit/decisions/{decisionId}")
    String history(@PathVariable String decisionId, Model model) {
        Pages.show(model, "history", gateway.get("/api/audit/decisions/" + Pages.segment(decisionId)));
        return "history";
    }

    @GetMapping("/audit/totals")
    String totals(@RequestParam(required = false) String policyId, Model model) {
        model.addAttribute("policyId", policyId);
        Pages.show(
                model,
                "totals",
                gateway.get("/api/audit/totals" + Pages.query(Map.of("policyId", policyId == null ? "" : policyId))));
        return "totals";
    }

    @PostMapping("/audit/verify")
    String verify(Model model) {
        Pages.show(model, "verification", gateway.post("/api/audit/verify", null));
        return "verify";
    }

    @GetMapping("/audit/who-looked")
    String whoLooked(Model model) {
        Pages.show(model, "queries", gateway.get("/api/audit/queries?limit=100"));
        return "who-looked";
    }

    private static Map<String, String> filter(Map<String, String> parameters) {
        Map<String, String> filter = new LinkedHashMap<>();
        for (String name : FILTERS) {
            filter.put(name, parameters.getOrDefault(name, ""));
        }
        return filter;
    }
}
