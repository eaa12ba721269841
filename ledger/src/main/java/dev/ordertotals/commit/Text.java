package dev.ordertotals.commit;

/** Strings we write ourselves: cut on code points and cleared of lone surrogates, which DynamoDB refuses. */
public final class Text {

    private Text() {}

    public static String truncate(String text, int maxCodePoints) {
        String cut = text.codePointCount(0, text.length()) <= maxCodePoints
                ? text
                : text.substring(0, text.offsetByCodePoints(0, maxCodePoints)) + "...";
        StringBuilder clean = new StringBuilder(cut.length());
        cut.codePoints()
                .forEach(codePoint -> clean.appendCodePoint(
                        Character.isSurrogate((char) codePoint) && codePoint <= 0xFFFF ? 0xFFFD : codePoint));
        return clean.toString();
    }
}
