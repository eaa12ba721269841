package dev.ordertotals.localrunner.runtime;

/** Lambda's error shape, {@code {"errorType": ..., "errorMessage": ...}}, written without a JSON library. */
final class ErrorJson {

    private ErrorJson() {
    }

    static String of(Throwable error) {
        return of(error.getClass().getName(), error);
    }

    static String of(String type, Throwable error) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        return "{\"errorType\":" + quote(type) + ",\"errorMessage\":" + quote(message) + "}";
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
