package dev.ordertotals.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The documents a newcomer follows must not lie about what they can run: every command shown in {@code README.md},
 * {@code CONTRIBUTING.md} and {@code docs/*.md} (but the generated {@code docs/benchmarks.md}) names a script, a
 * Maven module and a Maven profile that exist, and every relative link resolves to a file of the repository.
 *
 * <p>Commands are the lines of shell code blocks (fenced as {@code bash}, {@code sh}, {@code shell} or with no
 * language) and the inline code spans that start with {@code scripts/} or {@code ./mvnw}. Other blocks
 * ({@code text} output, {@code json}, {@code mermaid}) are not commands; comments in shell lines are not either.
 */
class ReadmeCommandsTest {

    private static final Path ROOT = projectRoot();
    private static final List<Document> DOCUMENTS = documents(ROOT);

    private static final Set<String> SHELL_LANGUAGES = Set.of("", "bash", "sh", "shell");
    private static final Pattern FENCE = Pattern.compile("^\\s*(`{3,}|~{3,})\\s*([^`\\s]*).*$");
    /** An inline code span: a run of backticks, content that does not cross a blank line, the same run again. */
    private static final Pattern CODE_SPAN =
            Pattern.compile("(?<!`)(`+)(?!`)((?:(?!\\n[ \\t]*\\n).)+?)(?<!`)\\1(?!`)", Pattern.DOTALL);
    /** A script run from the project root, with or without {@code ./}; not a path that merely ends in scripts/. */
    private static final Pattern SCRIPT = Pattern.compile("(?<![\\w./-])(?:\\./)?scripts/([A-Za-z0-9][A-Za-z0-9._-]*)");

    private static final Pattern MAVEN_WRAPPER = Pattern.compile("(?<![\\w./-])\\./mvnw(?![\\w.-])");
    /** Where one simple shell command ends. */
    private static final Pattern COMMAND_END = Pattern.compile("&&|\\|\\||[;|)`]");

    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[[^\\]\\n]*\\]\\(\\s*(<[^>\\n]*>|[^)\\s]+)(?:\\s+(?:\"[^\"]*\"|'[^']*'))?\\s*\\)");
    private static final Pattern REFERENCE_LINK = Pattern.compile("(?m)^ {0,3}\\[[^\\]\\n]+\\]:\\s*(<[^>\\n]*>|\\S+)");
    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    @Test
    void theReadmeShowsTheTwoCommands() {
        Document readme = DOCUMENTS.stream()
                .filter(document -> document.name().equals("README.md"))
                .findFirst()
                .orElseThrow();
        Set<String> scripts = new TreeSet<>();
        for (Command command : commands(readme)) {
            Matcher script = SCRIPT.matcher(command.text());
            while (script.find()) {
                scripts.add(script.group(1));
            }
        }

        assertThat(scripts)
                .withFailMessage(
                        "README.md should show `scripts/local` and `scripts/test` as commands; the commands found name only %s",
                        scripts)
                .contains("local", "test");
    }

    @Test
    void everyScriptTheDocumentsNameExistsAndIsExecutable() {
        List<String> offenders = new ArrayList<>();
        for (Document document : DOCUMENTS) {
            for (Command command : commands(document)) {
                Matcher script = SCRIPT.matcher(command.text());
                while (script.find()) {
                    String name = script.group(1);
                    Path file = ROOT.resolve("scripts").resolve(name);
                    if (!Files.isRegularFile(file)) {
                        offenders.add(command.where() + ": scripts/" + name + " does not exist   <- " + command.text());
                    } else if (!sourced(name) && !Files.isExecutable(file)) {
                        offenders.add(
                                command.where() + ": scripts/" + name + " is not executable   <- " + command.text());
                    }
                }
            }
        }

        assertThat(offenders)
                .withFailMessage(
                        "Scripts named in the documents' commands that are missing or not executable (chmod +x, "
                                + "or fix the document):%n%s",
                        String.join(System.lineSeparator(), offenders))
                .isEmpty();
    }

    @Test
    void everyModuleAMavenCommandSelectsExists() {
        Set<String> artifactIds = moduleArtifactIds();
        List<String> offenders = new ArrayList<>();
        for (Document document : DOCUMENTS) {
            for (Command command : commands(document)) {
                for (List<String> arguments : mavenInvocations(command.text())) {
                    for (String module : optionValues(arguments, "-pl", "--projects")) {
                        if (!moduleExists(module, artifactIds)) {
                            offenders.add(command.where() + ": module '" + module
                                    + "' has no directory with a pom.xml   <- " + command.text());
                        }
                    }
                }
            }
        }

        assertThat(offenders)
                .withFailMessage(
                        "Modules selected with -pl in the documents' ./mvnw commands that do not exist:%n%s",
                        String.join(System.lineSeparator(), offenders))
                .isEmpty();
    }

    @Test
    void everyProfileAMavenCommandActivatesIsInTheRootPom() {
        Set<String> profiles = rootPomProfiles();
        List<String> offenders = new ArrayList<>();
        for (Document document : DOCUMENTS) {
            for (Command command : commands(document)) {
                for (List<String> arguments : mavenInvocations(command.text())) {
                    for (String profile : optionValues(arguments, "-P", "--activate-profiles")) {
                        if (!profiles.contains(profile)) {
                            offenders.add(command.where() + ": profile '" + profile
                                    + "' is not in the root pom.xml   <- " + command.text());
                        }
                    }
                }
            }
        }

        assertThat(offenders)
                .withFailMessage(
                        "Profiles activated with -P in the documents' ./mvnw commands that the root pom.xml does not "
                                + "define (it defines %s):%n%s",
                        profiles, String.join(System.lineSeparator(), offenders))
                .isEmpty();
    }

    @Test
    void everyRelativeLinkResolvesToAFileInTheRepository() {
        List<String> offenders = new ArrayList<>();
        for (Document document : DOCUMENTS) {
            for (Link link : links(document)) {
                String target = link.target();
                if (target.isEmpty()
                        || target.startsWith("#")
                        || URI_SCHEME.matcher(target).find()) {
                    continue; // an anchor in the same page, or http(s):, mailto: and the like
                }
                String path = URLDecoder.decode(target.replaceFirst("[#?].*$", ""), StandardCharsets.UTF_8);
                if (path.isEmpty()) {
                    continue;
                }
                Path base = path.startsWith("/") ? ROOT : document.path().getParent();
                Path resolved = base.resolve(path.startsWith("/") ? path.substring(1) : path)
                        .normalize();
                if (!resolved.startsWith(ROOT)) {
                    offenders.add(link.where() + ": (" + target + ") points outside the repository");
                } else if (!Files.exists(resolved)) {
                    offenders.add(link.where() + ": (" + target + ") does not exist: " + ROOT.relativize(resolved));
                }
            }
        }

        assertThat(offenders)
                .withFailMessage(
                        "Relative links in the documents that do not resolve:%n%s",
                        String.join(System.lineSeparator(), offenders))
                .isEmpty();
    }

    @Test
    void commandsAreShellBlocksAndScriptOrMavenSpansButNotOutputOrComments() {
        Document sample = new Document(
                ROOT.resolve("SAMPLE.md"),
                String.join(
                        "\n",
                        "Run `scripts/one --help` or `./mvnw -pl alpha verify`; `scripts/` alone and `npx cdk synth` are not commands.",
                        "```bash",
                        "scripts/two --flag   # then scripts/not-a-command",
                        "./mvnw -Pbeta -pl gamma,!delta \\",
                        "  -DskipTests package && scripts/three",
                        "```",
                        "```text",
                        "$ scripts/output-only",
                        "```",
                        "  ```",
                        "  $ scripts/four",
                        "  ```",
                        "[a link](docs/x.md#part) and `[not a link](nowhere.md)`"));

        List<String> commands = commands(sample).stream().map(Command::text).toList();
        List<String> scripts = commands.stream()
                .flatMap(command -> SCRIPT.matcher(command).results().map(result -> result.group(1)))
                .toList();
        List<List<String>> maven = commands.stream()
                .flatMap(command -> mavenInvocations(command).stream())
                .toList();

        assertThat(scripts).containsExactly("one", "two", "three", "four");
        assertThat(maven).hasSize(2);
        assertThat(optionValues(maven.get(0), "-pl", "--projects")).containsExactly("alpha");
        assertThat(optionValues(maven.get(1), "-pl", "--projects")).containsExactly("gamma", "delta");
        assertThat(optionValues(maven.get(1), "-P", "--activate-profiles")).containsExactly("beta");
        assertThat(links(sample)).extracting(Link::target).containsExactly("docs/x.md#part");
    }

    // ---- the documents ------------------------------------------------------------------------------------------

    record Document(Path path, String text) {
        String name() {
            return ROOT.relativize(path).toString().replace('\\', '/');
        }
    }

    record Command(Document document, int line, String text) {
        String where() {
            return document.name() + ":" + line;
        }
    }

    record Link(Document document, int line, String target) {
        String where() {
            return document.name() + ":" + line;
        }
    }

    /** The directory holding {@code cdk.json}, found from the working directory upwards (Maven runs tests in the module). */
    static Path projectRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("cdk.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No directory containing cdk.json at or above " + start);
    }

    private static List<Document> documents(Path root) {
        List<Path> paths = new ArrayList<>();
        paths.add(root.resolve("README.md"));
        paths.add(root.resolve("CONTRIBUTING.md"));
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> files = Files.list(docs)) {
                files.filter(file -> file.getFileName().toString().endsWith(".md"))
                        .filter(file ->
                                !file.getFileName().toString().equals("benchmarks.md")) // generated by scripts/bench
                        .sorted()
                        .forEach(paths::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Document> documents = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException("Expected document missing: " + path);
            }
            try {
                documents.add(new Document(
                        path, Files.readString(path, StandardCharsets.UTF_8).replace("\r\n", "\n")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(documents);
    }

    // ---- Markdown ------------------------------------------------------------------------------------------------

    /** The commands of a document: shell lines of its code blocks, and its inline spans that start with a script or ./mvnw. */
    static List<Command> commands(Document document) {
        List<Command> commands = new ArrayList<>();
        String[] lines = document.text().split("\n", -1);
        String fence = null;
        boolean shell = false;
        StringBuilder continued = null;
        int continuedFrom = 0;
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            Matcher fenceLine = FENCE.matcher(line);
            if (fence == null) {
                if (fenceLine.matches()) {
                    fence = fenceLine.group(1);
                    shell = SHELL_LANGUAGES.contains(fenceLine.group(2).toLowerCase(Locale.ROOT));
                }
                continue;
            }
            if (closes(fence, line)) {
                fence = null;
                continued = null;
                continue;
            }
            if (!shell) {
                continue;
            }
            String code = line.strip();
            if (code.startsWith("$ ")) {
                code = code.substring(2);
            }
            if (continued == null) {
                continued = new StringBuilder();
                continuedFrom = index + 1;
            }
            if (code.endsWith("\\")) {
                continued.append(code, 0, code.length() - 1).append(' ');
                continue;
            }
            continued.append(code);
            String command = withoutComment(continued.toString()).strip();
            if (!command.isEmpty()) {
                commands.add(new Command(document, continuedFrom, command));
            }
            continued = null;
        }
        String prose = prose(document.text());
        Matcher span = CODE_SPAN.matcher(prose);
        while (span.find()) {
            String code = span.group(2).replaceAll("\\s+", " ").strip();
            if (code.startsWith("scripts/") || code.startsWith("./scripts/") || code.startsWith("./mvnw")) {
                commands.add(new Command(
                        document,
                        lineOf(prose, span.start()),
                        withoutComment(code).strip()));
            }
        }
        commands.sort(Comparator.comparingInt(Command::line)); // stable: in document order
        return commands;
    }

    /** The relative and absolute link targets of a document, outside code blocks and code spans. */
    static List<Link> links(Document document) {
        String prose = prose(document.text());
        StringBuilder withoutCode = new StringBuilder(prose);
        Matcher span = CODE_SPAN.matcher(prose);
        while (span.find()) {
            for (int index = span.start(); index < span.end(); index++) {
                if (withoutCode.charAt(index) != '\n') {
                    withoutCode.setCharAt(index, ' ');
                }
            }
        }
        String text = withoutCode.toString();
        List<Link> links = new ArrayList<>();
        for (Pattern pattern : List.of(INLINE_LINK, REFERENCE_LINK)) {
            Matcher link = pattern.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.startsWith("<") && target.endsWith(">")) {
                    target = target.substring(1, target.length() - 1);
                }
                links.add(new Link(document, lineOf(text, link.start()), target.strip()));
            }
        }
        return links;
    }

    /** The document with every fenced block blanked out, line numbers kept. */
    private static String prose(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder prose = new StringBuilder(text.length());
        String fence = null;
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            boolean blank;
            if (fence == null) {
                Matcher fenceLine = FENCE.matcher(line);
                blank = fenceLine.matches();
                if (blank) {
                    fence = fenceLine.group(1);
                }
            } else {
                blank = true;
                if (closes(fence, line)) {
                    fence = null;
                }
            }
            prose.append(blank ? "" : line);
            if (index < lines.length - 1) {
                prose.append('\n');
            }
        }
        return prose.toString();
    }

    /** A closing fence: the opening fence's character, at least as many of them, nothing else on the line. */
    private static boolean closes(String fence, String line) {
        String stripped = line.strip();
        return stripped.length() >= fence.length() && stripped.chars().allMatch(c -> c == fence.charAt(0));
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int index = 0; index < offset; index++) {
            if (text.charAt(index) == '\n') {
                line++;
            }
        }
        return line;
    }

    // ---- shell and Maven -----------------------------------------------------------------------------------------

    /** The line up to a {@code #} that starts a comment: outside quotes, at the start or after whitespace. */
    static String withoutComment(String line) {
        boolean inSingle = false;
        boolean inDouble = false;
        for (int index = 0; index < line.length(); index++) {
            char c = line.charAt(index);
            if (c == '\'' && !inDouble) {
                inSingle = !inSingle;
            } else if (c == '"' && !inSingle) {
                inDouble = !inDouble;
            } else if (c == '#'
                    && !inSingle
                    && !inDouble
                    && (index == 0 || Character.isWhitespace(line.charAt(index - 1)))) {
                return line.substring(0, index);
            }
        }
        return line;
    }

    /** The arguments of every {@code ./mvnw} invocation in a command line, up to where its simple command ends. */
    static List<List<String>> mavenInvocations(String command) {
        List<List<String>> invocations = new ArrayList<>();
        Matcher wrapper = MAVEN_WRAPPER.matcher(command);
        while (wrapper.find()) {
            String rest = command.substring(wrapper.end());
            Matcher end = COMMAND_END.matcher(rest);
            invocations.add(words(end.find() ? rest.substring(0, end.start()) : rest));
        }
        return invocations;
    }

    /** Whitespace-separated words, quotes removed. */
    private static List<String> words(String arguments) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : arguments.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * The comma-separated values of a Maven option, in its forms {@code -pl a,b}, {@code --projects a,b},
     * {@code --projects=a,b} and, for {@code -P}, {@code -Pa,b}; without the {@code !}, {@code -}, {@code +} or
     * {@code ?} that deselect, select or make a value optional.
     */
    static List<String> optionValues(List<String> arguments, String shortOption, String longOption) {
        List<String> values = new ArrayList<>();
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            String value = null;
            if (argument.equals(shortOption) || argument.equals(longOption)) {
                value = index + 1 < arguments.size() ? arguments.get(++index) : "";
            } else if (argument.startsWith(longOption + "=")) {
                value = argument.substring(longOption.length() + 1);
            } else if (shortOption.equals("-P") && argument.startsWith("-P") && argument.length() > 2) {
                value = argument.substring(2);
            }
            if (value != null) {
                for (String part : value.split(",")) {
                    String name = part.strip().replaceFirst("^[!+?-]+", "");
                    if (!name.isEmpty()) {
                        values.add(name);
                    }
                }
            }
        }
        return values;
    }

    /** Scripts that are sourced by the others ({@code scripts/jdk.sh}), not run: they need not be executable. */
    private static boolean sourced(String name) {
        return name.endsWith(".sh");
    }

    /** A module given as a path (a directory with a pom.xml) or as {@code :artifactId}. */
    private static boolean moduleExists(String module, Set<String> artifactIds) {
        if (module.startsWith(":")) {
            return artifactIds.contains(module.substring(1));
        }
        Path directory = ROOT.resolve(module).normalize();
        return directory.startsWith(ROOT) && Files.isRegularFile(directory.resolve("pom.xml"));
    }

    /** The artifactIds of the poms one directory below the root. */
    private static Set<String> moduleArtifactIds() {
        Set<String> artifactIds = new TreeSet<>();
        try (Stream<Path> directories = Files.list(ROOT)) {
            for (Path pom : directories
                    .map(directory -> directory.resolve("pom.xml"))
                    .filter(Files::isRegularFile)
                    .toList()) {
                Element project = parse(pom);
                childElements(project, "artifactId").stream()
                        .findFirst()
                        .ifPresent(id -> artifactIds.add(id.getTextContent().strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return artifactIds;
    }

    /** The ids of {@code project/profiles/profile} in the root pom.xml. */
    private static Set<String> rootPomProfiles() {
        Set<String> ids = new LinkedHashSet<>();
        Element project = parse(ROOT.resolve("pom.xml"));
        for (Element profiles : childElements(project, "profiles")) {
            for (Element profile : childElements(profiles, "profile")) {
                childElements(profile, "id").stream()
                        .findFirst()
                        .ifPresent(id -> ids.add(id.getTextContent().strip()));
            }
        }
        return ids;
    }

    private static Element parse(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("Cannot parse " + pom + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Element> childElements(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int index = 0; index < nodes.getLength(); index++) {
            Node node = nodes.item(index);
            if (node instanceof Element element && name.equals(localName(element))) {
                children.add(element);
            }
        }
        return children;
    }

    private static String localName(Element element) {
        String name = element.getTagName();
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(colon + 1);
    }
}
