package dev.llmf.grader.web;

import dev.llmf.grader.grading.Exercise;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BulletList;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every lesson follows the template of {@code docs/authoring.md}, shows only commands a learner can paste, refers to
 * nothing the learner lacks, and every diagram beside it is referenced, packaged, served from the rendered page's
 * link and drawn as a clean, accessible SVG.
 */
class LessonsTest {

    static final List<String> SECTIONS = List.of("What you will learn", "The idea", "A worked example", "Your task",
            "Common mistakes", "Check and submit");
    /** Material a learner does not have: "the course's diagrams", "the course text", … */
    private static final Pattern ELSEWHERE = Pattern.compile("(?i)\\bthe course\\b|\\bcourse['’]s\\b|\\bcourse (text|diagram)");
    private static final Path EXERCISES = Path.of("..", "exercises");

    private final Lessons lessons = new Lessons();

    @ParameterizedTest
    @EnumSource(Exercise.class)
    @DisplayName("a lesson has the template's six sections in order, three to five goals, and check and submit as commands")
    void followsTheTemplate(Exercise exercise) throws IOException {
        Node lesson = parse(exercise);
        Map<String, List<Node>> sections = sections(lesson);

        assertEquals(SECTIONS, List.copyOf(sections.keySet()), exercise + ": the sections, in order");
        Node goals = sections.get("What you will learn").getFirst();
        int count = goals instanceof BulletList list ? children(list).size() : 0;
        assertTrue(count >= 3 && count <= 5, exercise + ": 'What you will learn' opens with a list of 3 to 5 goals, has "
                + count);
        List<String> bash = new ArrayList<>();
        lesson.accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                if (block.getInfo().equals("bash")) {
                    bash.add(block.getLiteral());
                }
            }
        });
        assertEquals(List.of("./llmf check " + exercise.id() + "\n./llmf submit " + exercise.id() + "\n"), bash,
                exercise + ": the only ```bash block is the check and submit commands (tests run every ```bash line)");
        assertTrue(sections.get("Check and submit").stream().anyMatch(n -> n instanceof FencedCodeBlock f
                && f.getInfo().equals("bash")), exercise + ": the commands are in 'Check and submit'");
    }

    @ParameterizedTest
    @EnumSource(Exercise.class)
    @DisplayName("a lesson names its exercise in its title and refers to no material the learner does not have")
    void standsOnItsOwn(Exercise exercise) throws IOException {
        String markdown = Files.readString(folder(exercise).resolve("README.md"));

        assertTrue(markdown.startsWith("# Exercise " + exercise.number() + ": "), exercise + ": the title");
        assertFalse(ELSEWHERE.matcher(markdown).find(), exercise + ": lessons are the learner's only text, but this one "
                + "points elsewhere: " + (ELSEWHERE.matcher(markdown).results().map(r -> r.group()).toList()));
    }

    @ParameterizedTest
    @EnumSource(Exercise.class)
    @DisplayName("every diagram beside a lesson is shown in it, packaged, and linked where the grader serves it")
    void diagramsAreShownAndServed(Exercise exercise) throws IOException {
        List<Image> images = new ArrayList<>();
        parse(exercise).accept(new AbstractVisitor() {
            @Override
            public void visit(Image image) {
                images.add(image);
            }
        });
        List<String> shown = images.stream().map(Image::getDestination).sorted().toList();
        assertEquals(svgFiles(exercise), shown, exercise + ": the SVG files beside the lesson and the images it shows");
        String html = lessons.html(exercise).orElseThrow();
        for (Image image : images) {
            String name = image.getDestination();
            assertTrue(LessonImages.isImageName(name), exercise + ": " + name + " is a plain lower-case .svg name");
            assertFalse(text(image).isBlank(), exercise + ": " + name + " has a description (alt text)");
            assertTrue(Lessons.packaged(exercise, name).isPresent(), exercise + ": " + name + " is packaged");
            assertTrue(html.contains("<img src=\"" + LessonImages.url(exercise, name) + "\""), html);
        }
    }

    @ParameterizedTest
    @EnumSource(Exercise.class)
    @DisplayName("a lesson's diagrams are self-contained, script-free SVG with a title, a description and real text")
    void diagramsAreCleanSvg(Exercise exercise) throws Exception {
        for (String name : svgFiles(exercise)) {
            String where = exercise + "/" + name;
            Element svg = xml(folder(exercise).resolve(name)).getDocumentElement();

            assertEquals("http://www.w3.org/2000/svg", svg.getNamespaceURI(), where);
            assertEquals("svg", svg.getLocalName(), where);
            for (String attribute : List.of("viewBox", "width", "height")) {
                assertFalse(svg.getAttribute(attribute).isBlank(), where + " has " + attribute);
            }
            assertEquals("img", svg.getAttribute("role"), where);
            List<Element> top = elements(svg.getChildNodes());
            assertEquals("title", top.get(0).getLocalName(), where + " starts with a <title>");
            assertEquals("desc", top.get(1).getLocalName(), where + " then a <desc>");
            assertFalse(top.get(0).getTextContent().isBlank() || top.get(1).getTextContent().isBlank(), where);
            assertTrue(svg.getElementsByTagNameNS("*", "text").getLength() >= 5, where + " writes its words as <text>");
            for (Element e : elements(svg.getElementsByTagNameNS("*", "*"))) {
                assertFalse(List.of("script", "foreignObject", "image", "iframe", "a").contains(e.getLocalName()),
                        where + " holds a <" + e.getLocalName() + ">");
                NamedNodeMap attributes = e.getAttributes();
                for (int i = 0; i < attributes.getLength(); i++) {
                    String attribute = attributes.item(i).getLocalName();
                    String value = attributes.item(i).getNodeValue();
                    assertFalse(attribute.startsWith("on"), where + ": event handler " + attribute);
                    assertTrue(!attribute.equals("href") || value.startsWith("#"), where + ": external " + value);
                }
            }
            String source = Files.readString(folder(exercise).resolve(name));
            assertFalse(Pattern.compile("url\\((?!#)|@import|https?://(?!www\\.w3\\.org/)").matcher(source).find(),
                    where + " refers to something outside itself");
        }
    }

    // ---- helpers ----

    private static Path folder(Exercise exercise) {
        return EXERCISES.resolve(Lessons.folder(exercise));
    }

    private static Node parse(Exercise exercise) throws IOException {
        return org.commonmark.parser.Parser.builder().build().parse(Files.readString(folder(exercise).resolve("README.md")));
    }

    /** The top-level nodes under each second-level heading, by heading, in order. */
    private static Map<String, List<Node>> sections(Node lesson) {
        Map<String, List<Node>> sections = new LinkedHashMap<>();
        List<Node> current = null;
        for (Node n : children(lesson)) {
            if (n instanceof Heading h && h.getLevel() == 2) {
                current = new ArrayList<>();
                sections.put(text(h), current);
            } else if (current != null) {
                current.add(n);
            }
        }
        return sections;
    }

    private static List<Node> children(Node parent) {
        List<Node> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
            out.add(n);
        }
        return out;
    }

    private static String text(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }
        });
        return text.toString();
    }

    private static List<String> svgFiles(Exercise exercise) throws IOException {
        try (Stream<Path> files = Files.list(folder(exercise))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".svg")).sorted().toList();
        }
    }

    private static Document xml(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);   // no entities, no DTDs
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }
}
