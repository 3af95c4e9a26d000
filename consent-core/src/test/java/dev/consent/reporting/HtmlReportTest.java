package dev.consent.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.InvalidInputException;
import dev.consent.LegalBasis;
import dev.consent.TransparencyReport;
import dev.consent.requests.DenialReason;
import dev.consent.requests.RequestKind;
import dev.consent.requests.RequestReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant APRIL = Instant.parse("2026-04-01T00:00:00Z");
    static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");

    /** Two purposes over two months; the second month the newsletter loses a subscriber. */
    static List<TransparencyReport> twoMonths() {
        return List.of(
                new TransparencyReport(
                        MARCH,
                        APRIL,
                        10,
                        0,
                        0,
                        List.of(row("analytics", 2, 1, 0, 1, 0, 0, 3), row("newsletter", 3, 1, 0, 3, 0, 0, 4))),
                new TransparencyReport(
                        APRIL,
                        MAY,
                        14,
                        1,
                        0,
                        List.of(row("analytics", 0, 0, 0, 0, 0, 1, 3), row("newsletter", 0, 0, 1, 1, 1, 0, 4))));
    }

    static TransparencyReport.Row row(
            String id,
            long grants,
            long denials,
            long withdrawals,
            long active,
            long expired,
            long reconsent,
            long asked) {
        return new TransparencyReport.Row(
                id, 1, LegalBasis.CONSENT, 1, grants, denials, withdrawals, 0, 0, active, expired, reconsent, asked, 0);
    }

    static RequestReport requests() {
        List<RequestReport.Row> rows = new ArrayList<>();
        Map<DenialReason, Long> none = new EnumMap<>(DenialReason.class);
        for (RequestKind kind : RequestKind.values()) {
            boolean some = kind == RequestKind.ACCESS || kind == RequestKind.ERASURE;
            rows.add(new RequestReport.Row(
                    kind,
                    some ? 2 : 0,
                    some ? 1 : 0,
                    0,
                    0,
                    none,
                    some ? 1 : 0,
                    some ? 1 : 0,
                    0,
                    some ? 1 : 0,
                    null,
                    null));
        }
        return new RequestReport(APRIL, MAY, rows);
    }

    static int count(String html, String regex) {
        return (int) Pattern.compile(regex).matcher(html).results().count();
    }

    static String chart(String html, String id) {
        int start = html.indexOf("data-chart=\"" + id + "\"");
        assertThat(start).as("chart " + id).isPositive();
        return html.substring(start, html.indexOf("</svg>", start));
    }

    @Test
    void charts_haveAMarkPerFigure() {
        String html = HtmlReport.builder()
                .periods(twoMonths())
                .requests(requests())
                .build()
                .html();

        assertThat(count(chart(html, "consent-rate"), "<circle class=\"point\""))
                .isEqualTo(4);
        assertThat(count(chart(html, "decisions"), "<rect class=\"bar\"")).isEqualTo(6);
        assertThat(count(chart(html, "expiry"), "<rect class=\"bar\"")).isEqualTo(4);
        assertThat(count(chart(html, "requests"), "<rect class=\"bar\"")).isEqualTo(6);
        assertThat(chart(html, "decisions")).contains("<title>2026-03-01 \u2013 2026-03-31, granted: 5</title>");
        assertThat(chart(html, "consent-rate")).contains("newsletter: 75.0%").contains("newsletter: 25.0%");
        assertThat(html).contains("2 of 2 answered within their deadline");
    }

    @Test
    void withoutRequests_thePageHasNoRequestChart() {
        String html = HtmlReport.of(twoMonths().get(0));

        assertThat(html).doesNotContain("data-chart=\"requests\"").contains("data-chart=\"expiry\"");
    }

    @Test
    void page_loadsNothingAndRunsNoScript() {
        String html = HtmlReport.builder().periods(twoMonths()).build().html();

        assertThat(html)
                .contains("Content-Security-Policy\" content=\"default-src 'none'")
                .doesNotContainIgnoringCase("<script")
                .doesNotContain("http:", "https:", "src=", "href=", "@import", "url(");
    }

    @Test
    void userText_isEscapedEverywhere() {
        String evil = "<script>alert('x')</script> & \"quoted\"";
        String html = HtmlReport.builder()
                .heading(evil)
                .periods(twoMonths())
                .purposeTitles(Map.of("newsletter", evil))
                .build()
                .html();

        assertThat(html).doesNotContain("<script>").doesNotContain("'x'").doesNotContain("\"quoted\"");
        assertThat(html)
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;")
                .contains("data-series=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"
                        + " (newsletter)\"");
    }

    @Test
    void periods_mustFollowEachOther() {
        List<TransparencyReport> two = twoMonths();

        assertThatThrownBy(() -> HtmlReport.builder().period(two.get(1)).period(two.get(0)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("previous period ends");
        assertThatThrownBy(() -> HtmlReport.builder().build()).isInstanceOf(InvalidInputException.class);
    }
}
