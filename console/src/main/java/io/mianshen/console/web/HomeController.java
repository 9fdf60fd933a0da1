package io.mianshen.console.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page: what the signed-in person may do here, or the log-in and the public list. */
@Controller
class HomeController {

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("person", Pages.person());
        return "home";
    }
}
