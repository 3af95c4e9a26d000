package dev.consent.examples.springapp;

import dev.consent.Channel;
import dev.consent.Purpose;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-up form ({@code GET /}) and its submission ({@code POST /signup}). The form shows each purpose's
 * title, description and version and the privacy notice version, with every box unticked; each purpose's
 * version travels with the form, so what is recorded is what was shown. Thread-safe.
 */
@Controller
public class SignUpController {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final AccountService service;
    private final OfferedPurposes offered;
    private final Contexts contexts;

    SignUpController(AccountService service, OfferedPurposes offered, Contexts contexts) {
        this.service = service;
        this.offered = offered;
        this.contexts = contexts;
    }

    /** The empty form: no box is ticked. */
    @GetMapping("/")
    String form(Model model) {
        return form(model, offered.current(), "", "", Set.of(), null);
    }

    /**
     * Creates the account and records the form: 303 to the account's preference page; or the form again, with
     * what was entered, and 400 (a missing name or address), 409 (the address has an account; the texts changed
     * while the form was open).
     */
    @PostMapping("/signup")
    Object signUp(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(name = "shown", required = false) @Nullable List<String> shown,
            @RequestParam(name = "consent", required = false) @Nullable List<String> consent,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        String cleanName = name.strip();
        String cleanEmail = email.strip().toLowerCase(Locale.ROOT);
        List<Purpose> purposes = offered.current();
        Map<String, String> shownVersions = versions(shown);
        Set<String> ticked = new HashSet<>(consent == null ? List.of() : consent);
        ticked.removeIf(id -> !shownVersions.containsKey(id));

        List<AccountService.Choice> choices = new ArrayList<>();
        Set<String> changed = new HashSet<>();
        for (Purpose p : purposes) {
            if (!String.valueOf(p.version()).equals(shownVersions.get(p.id()))) {
                changed.add(p.id());
            }
            choices.add(new AccountService.Choice(p, ticked.contains(p.id())));
        }
        if (!changed.isEmpty() || shownVersions.size() != purposes.size()) {
            // a box ticked next to another text than the one in force now is no consent to it
            ticked.removeAll(changed);
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return form(
                    model,
                    purposes,
                    cleanName,
                    cleanEmail,
                    ticked,
                    "The texts below changed while the form was open: please read them again.");
        }
        if (cleanName.isEmpty() || cleanName.length() > 100) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return form(
                    model, purposes, cleanName, cleanEmail, ticked, "Please give your name (up to 100 characters).");
        }
        if (cleanEmail.length() > 254 || !EMAIL.matcher(cleanEmail).matches()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return form(model, purposes, cleanName, cleanEmail, ticked, "Please give a valid e-mail address.");
        }
        try {
            Account account = service.signUp(
                    cleanName, cleanEmail, choices, contexts.of(Channel.WEB, Contexts.SIGNUP_FORM, request));
            return Redirects.seeOther("/account/" + account.id());
        } catch (DataIntegrityViolationException e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return form(
                    model,
                    purposes,
                    cleanName,
                    cleanEmail,
                    ticked,
                    "An account with this e-mail address exists already. Nothing was recorded.");
        }
    }

    /** The versions of {@code shown} ("purpose:version" each), by purpose id. */
    private static Map<String, String> versions(@Nullable List<String> shown) {
        Map<String, String> versions = new HashMap<>();
        for (String s : shown == null ? List.<String>of() : shown) {
            int colon = s.lastIndexOf(':');
            if (colon > 0) {
                versions.put(s.substring(0, colon), s.substring(colon + 1));
            }
        }
        return versions;
    }

    private String form(
            Model model,
            List<Purpose> purposes,
            String name,
            String email,
            Set<String> ticked,
            @Nullable String error) {
        model.addAttribute("purposes", purposes);
        model.addAttribute("name", name);
        model.addAttribute("email", email);
        model.addAttribute("ticked", ticked);
        model.addAttribute("error", error);
        model.addAttribute("noticeVersion", contexts.noticeVersion());
        return "signup";
    }
}
