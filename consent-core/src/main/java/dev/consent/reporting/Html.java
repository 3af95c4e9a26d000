package dev.consent.reporting;

/** HTML text escaping: the one place where text reaches the page. */
final class Html {
    private Html() {}

    /**
     * {@code text} safe in element content and in quoted attribute values: {@code & < > " '} become
     * character references, and control characters other than tab, newline and carriage return are dropped.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
