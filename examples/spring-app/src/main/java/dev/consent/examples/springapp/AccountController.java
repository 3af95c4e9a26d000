package dev.consent.examples.springapp;

import dev.consent.Channel;
import dev.consent.ConsentSystem;
import dev.consent.SubjectState;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * An account's pages: the preference page ({@code GET /account/{id}}), where giving and withdrawing consent are
 * one click each ({@code POST /account/{id}/consent/{purpose}}), and the access export
 * ({@code GET /account/{id}/export}). The example has no login: the random account id in the address is all
 * that protects these pages, where a real application puts them behind its sign-in. Thread-safe.
 */
@Controller
public class AccountController {
    private final AccountRepository accounts;
    private final AccountService service;
    private final OfferedPurposes offered;
    private final Contexts contexts;
    private final ConsentSystem consent;

    AccountController(
            AccountRepository accounts,
            AccountService service,
            OfferedPurposes offered,
            Contexts contexts,
            ConsentSystem consent) {
        this.accounts = accounts;
        this.service = service;
        this.offered = offered;
        this.contexts = contexts;
        this.consent = consent;
    }

    /** Each purpose the forms ask about, its state for this person, and one button to change it. */
    @GetMapping("/account/{id}")
    String preferences(@PathVariable String id, Model model) {
        return page(account(id), model, null);
    }

    /**
     * One click: {@code action=withdraw}, or {@code action=grant} with the {@code version} the page showed. 303
     * back to the page; the page with 409 when the text changed since it was shown; 404 for an unknown account or
     * purpose.
     */
    @PostMapping("/account/{id}/consent/{purposeId}")
    Object change(
            @PathVariable String id,
            @PathVariable String purposeId,
            @RequestParam String action,
            @RequestParam(defaultValue = "0") int version,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        Account account = account(id);
        var context = contexts.of(Channel.WEB, Contexts.PREFERENCE_PAGE, request);
        AccountService.Outcome outcome;
        try {
            outcome = switch (action) {
                case "grant" -> service.grant(account, purposeId, version, context);
                case "withdraw" -> service.withdraw(account, purposeId, context);
                default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Unknown action " + action);
            };
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No purpose " + purposeId + " is offered here");
        }
        if (outcome == AccountService.Outcome.TEXT_CHANGED) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return page(
                    account,
                    model,
                    "The text of this purpose changed since the page was shown: please read it"
                            + " again before you give consent.");
        }
        return Redirects.seeOther("/account/" + account.id());
    }

    /**
     * The data-subject access export: the library's JSON (docs/export-format.md) as a download.
     */
    @GetMapping("/account/{id}/export")
    ResponseEntity<String> export(@PathVariable String id) {
        Account account = account(id);
        String json = consent.ledger().export(account.subject()).toJson();
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("consent-export-" + account.id() + ".json")
                                .build()
                                .toString())
                .body(json);
    }

    private String page(Account account, Model model, @Nullable String error) {
        SubjectState state = consent.ledger().currentState(account.subject());
        List<PreferenceRow> rows = offered.current().stream()
                .flatMap(p -> state.find(p.id()).map(s -> PreferenceRow.of(p, s)).stream())
                .toList();
        model.addAttribute("account", account);
        model.addAttribute("rows", rows);
        model.addAttribute("error", error);
        model.addAttribute("noticeVersion", contexts.noticeVersion());
        model.addAttribute(
                "unsubscribeUrl",
                ServletUriComponentsBuilder.fromCurrentContextPath()
                        .path("/unsubscribe/{token}")
                        .buildAndExpand(account.unsubscribeToken())
                        .toUriString());
        return "preferences";
    }

    private Account account(String id) {
        try {
            return accounts.findById(UUID.fromString(id)).orElseThrow();
        } catch (IllegalArgumentException | NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No account " + id);
        }
    }
}
