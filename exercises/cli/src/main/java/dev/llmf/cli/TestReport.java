package dev.llmf.cli;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads Maven Surefire's XML reports ({@code TEST-*.xml}) and prints them as a learner's summary. */
public final class TestReport {

    /** How one test ended. A stub's "TODO" shows as {@link #NOT_IMPLEMENTED}, not as a failure. */
    public enum Outcome { PASSED, FAILED, NOT_IMPLEMENTED, SKIPPED }

    /** One test; {@code message} is the failure or skip reason, null when it passed. */
    public record TestCase(String className, String name, Outcome outcome, String message) {
    }

    public record Totals(int passed, int failed, int notImplemented, int skipped) {
        public int all() {
            return passed + failed + notImplemented + skipped;
        }
    }

    private static final String NOT_YET = "not yet implemented";
    private static final int MAX_MESSAGE_LINES = 8;
    private static final int MAX_LINE = 240;

    private TestReport() {
    }

    /** Every {@code TEST-*.xml} in {@code dir}, in file-name order; empty when there is none (or no folder). */
    public static List<TestCase> readFolder(Path dir) throws IOException {
        List<Path> files = reportFiles(dir);
        List<TestCase> all = new ArrayList<>();
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                all.addAll(parse(in));
            } catch (IllegalArgumentException e) {
                throw new IOException(f + ": " + e.getMessage(), e);
            }
        }
        return all;
    }

    static List<Path> reportFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "TEST-*.xml")) {
            ds.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    /** Parses one report; an unreadable one is an {@link IllegalArgumentException}. */
    public static List<TestCase> parse(InputStream xml) throws IOException {
        Document doc;
        try {
            doc = builder().parse(xml);
        } catch (SAXException e) {
            throw new IllegalArgumentException("not a readable test report: " + e.getMessage(), e);
        }
        List<TestCase> out = new ArrayList<>();
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            out.add(testCase((Element) cases.item(i)));
        }
        return out;
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            return f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestCase testCase(Element tc) {
        String className = tc.getAttribute("classname");
        String name = tc.getAttribute("name");
        Element failure = firstChild(tc, "failure", "error");
        if (failure != null) {
            return new TestCase(className, name, Outcome.FAILED, reason(failure));
        }
        Element skipped = firstChild(tc, "skipped");
        if (skipped != null) {
            String why = reason(skipped);
            int at = why.indexOf(NOT_YET);
            if (at >= 0) {
                String hint = why.substring(at + NOT_YET.length()).replaceFirst("^[\\s—:–-]+", "").strip();
                return new TestCase(className, name, Outcome.NOT_IMPLEMENTED, hint);
            }
            return new TestCase(className, name, Outcome.SKIPPED, why);
        }
        return new TestCase(className, name, Outcome.PASSED, null);
    }

    private static Element firstChild(Element parent, String... names) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                for (String name : names) {
                    if (e.getTagName().equals(name)) {
                        return e;
                    }
                }
            }
        }
        return null;
    }

    // The message attribute, else the first line of the stack trace; without the exception's class name in front.
    private static String reason(Element e) {
        String type = e.getAttribute("type");
        String text = e.getAttribute("message");
        if (text.isBlank()) {
            String body = e.getTextContent() == null ? "" : e.getTextContent().strip();
            int nl = body.indexOf('\n');
            text = nl < 0 ? body : body.substring(0, nl);
        }
        text = text.strip();
        if (!type.isEmpty() && text.startsWith(type)) {
            text = text.substring(type.length()).replaceFirst("^:\\s*", "");
        }
        if (text.isBlank()) {
            text = type.isEmpty() ? "(no message)" : type.substring(type.lastIndexOf('.') + 1) + " (no message)";
        }
        return text;
    }

    public static Totals totals(List<TestCase> tests) {
        int p = 0;
        int f = 0;
        int n = 0;
        int s = 0;
        for (TestCase t : tests) {
            switch (t.outcome()) {
                case PASSED -> p++;
                case FAILED -> f++;
                case NOT_IMPLEMENTED -> n++;
                case SKIPPED -> s++;
            }
        }
        return new Totals(p, f, n, s);
    }

    /** One line a test, by name within each class (failures with their message below), then the totals. */
    public static void print(List<TestCase> unsorted, Style style, PrintWriter out) {
        List<TestCase> tests = unsorted.stream().sorted(java.util.Comparator.comparing(TestCase::name)).toList();
        Set<String> classes = new LinkedHashSet<>();
        tests.forEach(t -> classes.add(t.className()));
        boolean grouped = classes.size() > 1;
        for (String c : classes) {
            if (grouped) {
                out.println("  " + style.bold(c.substring(c.lastIndexOf('.') + 1)));
            }
            String indent = grouped ? "    " : "  ";
            for (TestCase t : tests) {
                if (!t.className().equals(c)) {
                    continue;
                }
                switch (t.outcome()) {
                    case PASSED -> out.println(indent + style.pass() + " " + t.name());
                    case FAILED -> {
                        out.println(indent + style.fail() + " " + t.name());
                        printMessage(out, indent + "    ", t.message());
                    }
                    case NOT_IMPLEMENTED -> out.println(indent + style.todo() + " " + t.name() + " "
                            + style.dim(style.dash() + " not yet implemented"));
                    case SKIPPED -> out.println(indent + style.todo() + " " + t.name() + " "
                            + style.dim(style.dash() + " skipped: " + firstLine(t.message())));
                }
            }
        }
        out.println();
        out.println(totalsLine(totals(tests)));
    }

    /** e.g. {@code 3 passed, 1 failed, 6 not yet implemented (10 tests)}. */
    public static String totalsLine(Totals t) {
        StringBuilder sb = new StringBuilder();
        sb.append(t.passed()).append(" passed, ").append(t.failed()).append(" failed");
        if (t.notImplemented() > 0) {
            sb.append(", ").append(t.notImplemented()).append(" not yet implemented");
        }
        if (t.skipped() > 0) {
            sb.append(", ").append(t.skipped()).append(" skipped");
        }
        sb.append(" (").append(t.all()).append(t.all() == 1 ? " test)" : " tests)");
        return sb.toString();
    }

    static void printMessage(PrintWriter out, String indent, String message) {
        if (message == null || message.isBlank()) {
            return;
        }
        String[] lines = message.strip().split("\\R");
        int n = Math.min(lines.length, MAX_MESSAGE_LINES);
        for (int i = 0; i < n; i++) {
            String line = lines[i];
            out.println(indent + (line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line));
        }
        if (lines.length > n) {
            out.println(indent + "... (" + (lines.length - n) + " more lines)");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
