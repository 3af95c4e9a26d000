package dev.consent.examples.springapp;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.view.RedirectView;

/** The answer to a form's POST: 303 See Other to the page that shows the result, which a reload does not post again. */
final class Redirects {
    private Redirects() {}

    static RedirectView seeOther(String path) {
        RedirectView view = new RedirectView(path, true);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        return view;
    }
}
