package dev.consent.examples.springapp;

import dev.consent.Channel;
import dev.consent.Purpose;
import dev.consent.PurposeState;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;

/**
 * The newsletter's unsubscribe link, {@code /unsubscribe/{token}}, with the account's random token. A GET only
 * shows a page with a confirm button, so the mail scanners and link previews that open every link in an e-mail
 * unsubscribe nobody; the POST of that button withdraws the newsletter purpose. So does a mail client's one-click
 * POST (RFC 8058's {@code List-Unsubscribe-Post}). However often it is posted, one withdrawal is recorded: see
 * {@link AccountService}. Thread-safe.
 */
@Controller
public class UnsubscribeController {
    private final AccountRepository accounts;
    private final AccountService service;
    private final OfferedPurposes offered;
    private final Contexts contexts;
    private final ExampleProperties properties;

    UnsubscribeController(
            AccountRepository accounts,
            AccountService service,
            OfferedPurposes offered,
            Contexts contexts,
            ExampleProperties properties) {
        this.accounts = accounts;
        this.service = service;
        this.offered = offered;
        this.contexts = contexts;
        this.properties = properties;
    }

    /** The confirmation page, or the page saying the person is unsubscribed; records nothing. */
    @GetMapping("/unsubscribe/{token}")
    String confirm(@PathVariable String token, Model model) {
        Account account = account(token);
        Purpose newsletter = newsletter();
        PurposeState state = service.state(account, newsletter.id());
        model.addAttribute("token", token);
        model.addAttribute("newsletter", newsletter);
        model.addAttribute("email", masked(account.email()));
        model.addAttribute("subscribed", state.decision().allowed());
        model.addAttribute(
                "since",
                state.findProof().map(r -> PreferenceRow.time(r.recordedAt())).orElse(""));
        return "unsubscribe";
    }

    /** Withdraws the newsletter purpose unless it is withdrawn already; 303 to the page that says so. */
    @PostMapping("/unsubscribe/{token}")
    Object unsubscribe(@PathVariable String token, HttpServletRequest request) {
        Account account = account(token);
        service.withdraw(account, newsletter().id(), contexts.of(Channel.EMAIL, Contexts.UNSUBSCRIBE_LINK, request));
        return Redirects.seeOther("/unsubscribe/" + token);
    }

    private Account account(String token) {
        return accounts.findByUnsubscribeToken(token)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "This unsubscribe link is not valid (or no longer)."));
    }

    private Purpose newsletter() {
        return offered.find(properties.newsletterPurpose())
                .orElseThrow(() -> new IllegalStateException("example.newsletter-purpose "
                        + properties.newsletterPurpose() + " is not one of the consent.purposes the forms offer"));
    }

    /** {@code a•••@example.com}: enough for the person to recognise, too little for a stranger to learn. */
    static String masked(String email) {
        int at = email.indexOf('@');
        return at <= 0 ? "•••" : email.charAt(0) + "•••" + email.substring(at);
    }
}
