package dev.llmf.grader.web;

import dev.llmf.grader.grading.Exercise;
import jakarta.enterprise.context.ApplicationScoped;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each exercise's lesson: its {@code exercises/NN-id/README.md}, packaged into the grader at build time as
 * {@code lessons/NN-id/README.md}, rendered from Markdown to HTML once and kept. Raw HTML in the Markdown is
 * escaped and unsafe link schemes (e.g. {@code javascript:}) dropped, so even a careless lesson edit cannot put
 * script on the page. A diagram beside the lesson ({@code ![…](name.svg)}) is pointed at the address
 * {@link LessonImages} serves it from, since the page's own address is not the lesson's folder.
 */
@ApplicationScoped
public class Lessons {

    private final List<org.commonmark.Extension> extensions = List.of(TablesExtension.create());
    private final Parser parser = Parser.builder().extensions(extensions).build();
    private final HtmlRenderer renderer = HtmlRenderer.builder().extensions(extensions).escapeHtml(true)
            .sanitizeUrls(true).build();
    private final Map<Exercise, Optional<String>> html = new ConcurrentHashMap<>();

    /** The lesson as HTML, or empty when the build did not package it. */
    public Optional<String> html(Exercise exercise) {
        return html.computeIfAbsent(exercise, this::render);
    }

    /** The folder of an exercise, in the repository under {@code exercises/} and in the grader under {@code lessons/}. */
    static String folder(Exercise exercise) {
        return String.format("%02d-%s", exercise.number(), exercise.id());
    }

    /** A file packaged beside the exercise's lesson, or empty if there is none. {@code file} must be a plain name. */
    static Optional<byte[]> packaged(Exercise exercise, String file) {
        String path = "lessons/" + folder(exercise) + "/" + file;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<String> render(Exercise exercise) {
        return packaged(exercise, "README.md").map(bytes -> {
            Node lesson = parser.parse(new String(bytes, StandardCharsets.UTF_8));
            lesson.accept(new AbstractVisitor() {
                @Override
                public void visit(Image image) {
                    if (LessonImages.isImageName(image.getDestination())) {
                        image.setDestination(LessonImages.url(exercise, image.getDestination()));
                    }
                    visitChildren(image);
                }
            });
            return renderer.render(lesson);
        });
    }
}
